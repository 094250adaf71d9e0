import type { MethodInput } from '@shared/contract';
import type {
  Customer,
  Invoice,
  InvoiceSummary,
  Margins,
  MonthSummary,
  StripeStatus,
  UsageInterval,
} from '@shared/contract/billing';
import type { ApiClient } from '@shared/api-client';
import { errorViewOf, type ErrorView, type SliceCreator, type SliceGet, type SliceSet } from './slice';

type InvoiceAction =
  'invoices:open' | 'invoices:void' | 'invoices:create-payment-link' | 'invoices:check-payment';

export interface BillingSlice {
  customers: Customer[] | null;
  invoices: InvoiceSummary[] | null;
  /** The invoice on screen (its own route). */
  invoice: Invoice | null;
  summary: MonthSummary | null;
  margins: Margins | null;
  usage: UsageInterval[] | null;
  stripe: StripeStatus | null;
  billingError: ErrorView | null;
  /** What is under way, so its button can say so and not be pressed twice. */
  billingBusy: string | null;
  loadBilling: () => Promise<void>;
  loadInvoice: (id: string) => Promise<void>;
  loadUsage: () => Promise<void>;
  saveCustomer: (
    input: MethodInput<'customers:create'> | MethodInput<'customers:update'>,
  ) => Promise<boolean>;
  deleteCustomer: (id: string) => Promise<void>;
  createInvoice: (customerId: string) => Promise<string | null>;
  generateInvoices: () => Promise<string | null>;
  addInvoiceItem: (input: MethodInput<'invoices:add-item'>) => Promise<boolean>;
  removeInvoiceItem: (invoiceId: string, itemId: number) => Promise<void>;
  runInvoiceAction: (action: InvoiceAction, id: string) => Promise<void>;
  /** The key goes straight to the core; the store keeps only the status (last 4, mode). */
  setStripeKey: (secretKey: string) => Promise<boolean>;
  removeStripeKey: () => Promise<void>;
  usageCsv: (period: string) => Promise<{ fileName: string; csv: string } | null>;
  dismissBillingError: () => void;
  /** Refreshes what billing shows when invoices change or deployments move. */
  watchBilling: () => () => void;
}

/** Runs one call, keeping `billingBusy` and `billingError` true to it; resolves undefined on failure. */
type Run = <T>(label: string, work: () => Promise<T>) => Promise<T | undefined>;

const createRun =
  (set: SliceSet): Run =>
  async (label, work) => {
    set({ billingBusy: label, billingError: null });
    try {
      return await work();
    } catch (error) {
      set({ billingError: errorViewOf(error) });
      return undefined;
    } finally {
      set({ billingBusy: null });
    }
  };

const createRefreshLists = (api: ApiClient, set: SliceSet) => async () => {
  const [customers, invoices, summary, margins] = await Promise.all([
    api['customers:list']({}),
    api['invoices:list']({}),
    api['billing:summary']({}),
    api['billing:margins']({ months: 6 }),
  ]);
  set({ customers, invoices, summary, margins });
};

interface BillingParts {
  api: ApiClient;
  set: SliceSet;
  get: SliceGet;
  run: Run;
  refreshLists: () => Promise<void>;
}

const loaders = ({ api, set, run, refreshLists }: BillingParts) => ({
  loadBilling: async () => {
    await run('load', async () => {
      await refreshLists();
      set({ stripe: await api['stripe:status']({}) });
    });
  },
  loadInvoice: async (id: string) => {
    await run('load-invoice', async () => set({ invoice: await api['invoices:get']({ id }) }));
  },
  loadUsage: async () => {
    await run('load-usage', async () => set({ usage: await api['billing:usage']({ limit: 200 }) }));
  },
});

const customerActions = ({
  api,
  set,
  run,
}: BillingParts): Pick<BillingSlice, 'saveCustomer' | 'deleteCustomer'> => ({
  saveCustomer: async (input) => {
    const saved = await run('save-customer', async () => {
      if ('id' in input) await api['customers:update'](input);
      else await api['customers:create'](input);
      set({ customers: await api['customers:list']({}) });
      return true;
    });
    return saved ?? false;
  },
  deleteCustomer: async (id) => {
    await run(`delete-customer:${id}`, async () => {
      await api['customers:delete']({ id });
      set({ customers: await api['customers:list']({}) });
    });
  },
});

type InvoiceActions = Pick<
  BillingSlice,
  'createInvoice' | 'generateInvoices' | 'addInvoiceItem' | 'removeInvoiceItem' | 'runInvoiceAction'
>;

const invoiceActions = ({ api, set, run, refreshLists }: BillingParts): InvoiceActions => {
  const showInvoice = (invoice: Invoice) => set({ invoice });
  return {
    createInvoice: async (customerId) => {
      const created = await run('create-invoice', async () => {
        const invoice = await api['invoices:create']({ customerId });
        showInvoice(invoice);
        return invoice.id;
      });
      return created ?? null;
    },
    generateInvoices: async () => {
      const result = await run('generate', async () => {
        const { created, updated } = await api['invoices:generate']({});
        await refreshLists();
        return created + updated === 0
          ? 'No finished month had anything new to invoice.'
          : `${created} invoice(s) created, ${updated} draft(s) brought up to date.`;
      });
      return result ?? null;
    },
    addInvoiceItem: async (input) => {
      const added = await run('add-item', async () => {
        showInvoice(await api['invoices:add-item'](input));
        return true;
      });
      return added ?? false;
    },
    removeInvoiceItem: async (invoiceId, itemId) => {
      await run(`remove-item:${itemId}`, async () =>
        showInvoice(await api['invoices:remove-item']({ invoiceId, itemId })),
      );
    },
    runInvoiceAction: async (action, id) => {
      await run(action, async () => {
        showInvoice(await api[action]({ id }));
        set({ invoices: await api['invoices:list']({}) });
      });
    },
  };
};

const stripeActions = ({ api, set, run }: BillingParts) => ({
  setStripeKey: async (secretKey: string) => {
    const saved = await run('stripe-key', async () => {
      set({ stripe: await api['stripe:set-key']({ secretKey }) });
      return true;
    });
    return saved ?? false;
  },
  removeStripeKey: async () => {
    await run('stripe-key', async () => set({ stripe: await api['stripe:remove-key']({}) }));
  },
});

const watchBilling =
  ({ api, set, get, refreshLists }: BillingParts) =>
  () => {
    const refresh = () => {
      refreshLists().catch((error: unknown) => set({ billingError: errorViewOf(error) }));
    };
    const offInvoices = api.on('invoices:changed', (summary) => {
      refresh();
      if (get().invoice?.id === summary.id) void get().loadInvoice(summary.id);
    });
    const offDeployments = api.on('deployments:transitioned', refresh);
    const offChanges = api.on('deployments:changed', refresh);
    return () => {
      offInvoices();
      offDeployments();
      offChanges();
    };
  };

export const createBillingSlice: SliceCreator<BillingSlice> = (api) => (set, get) => {
  const run = createRun(set);
  const parts: BillingParts = { api, set, get, run, refreshLists: createRefreshLists(api, set) };
  return {
    customers: null,
    invoices: null,
    invoice: null,
    summary: null,
    margins: null,
    usage: null,
    stripe: null,
    billingError: null,
    billingBusy: null,
    ...loaders(parts),
    ...customerActions(parts),
    ...invoiceActions(parts),
    ...stripeActions(parts),
    usageCsv: async (period) => (await run('csv', () => api['billing:usage-csv']({ period }))) ?? null,
    dismissBillingError: () => set({ billingError: null }),
    watchBilling: watchBilling(parts),
  };
};

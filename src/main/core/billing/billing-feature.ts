import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { BillingPorts } from './billing-ports';
import { createCustomerService } from './customers/customer-service';
import { createInvoiceGenerator } from './invoices/invoice-generator';
import { createInvoiceRepository } from './invoices/invoice-repository';
import { createInvoiceService } from './invoices/invoice-service';
import { createUsageLines } from './metering/usage-lines';
import { createUsageRecorder } from './metering/usage-recorder';
import { createUsageReport } from './metering/usage-report';
import { createCheckoutService } from './stripe/checkout-service';
import { createPaymentAttempts } from './stripe/payment-attempts';
import { createPaymentSync } from './stripe/payment-sync';
import { createStripeKeyStore } from './stripe/stripe-key';
import { createStripeSdkGateway } from './stripe/stripe-sdk-gateway';

export const INVOICE_WORKER = 'billing-invoices';
export const PAYMENT_WORKER = 'billing-payments';

/**
 * Customers, metering, invoices and Stripe payments. Depends on the rest of the app only through the
 * `deployments:transitioned` and `deployments:changed` events and the ports create-core passes in.
 */
export function createBillingFeature(
  context: CoreContext,
  ports: BillingPorts,
): Feature<MethodsOf<'customers' | 'billing' | 'invoices' | 'stripe'>> {
  const { db, clock, logger } = context;
  const now = () => clock.now();
  const settings = () => context.settings.get().billing;
  const issuer = () => ({ name: settings().issuerName, details: settings().issuerDetails });

  const customers = createCustomerService(db, now);
  const recorder = createUsageRecorder(db, logger, now);
  const lines = createUsageLines(db);
  const report = createUsageReport({
    db,
    lines,
    nodeCosts: ports.nodeCosts,
    now,
    currency: () => settings().currency,
  });
  const invoices = createInvoiceRepository(db);
  const announce = (invoiceId: string) =>
    context.events.emit('invoices:changed', invoices.summary(invoiceId));
  const generator = createInvoiceGenerator({ db, invoices, lines, report, logger, now, onChanged: announce });

  const gateway = createStripeSdkGateway({ apiBase: ports.stripe.baseUrl, fetch: ports.stripe.fetch });
  const key = createStripeKeyStore(context.secrets, gateway);
  const attempts = createPaymentAttempts(db);
  const sync = createPaymentSync({ db, attempts, invoices, gateway, key, logger, now, onChanged: announce });
  const checkout = createCheckoutService({ attempts, invoices, gateway, key, sync, now });
  const lifecycle = createInvoiceService({
    db,
    invoices,
    customers,
    generator,
    issuer,
    now,
    onChanged: announce,
    beforeVoidOpen: (id) => checkout.settle(id),
  });

  // Subscribed at once, not in start(): deployments may report transitions while the core starts.
  const unsubscribe = context.events.on('deployments:transitioned', (transition) => {
    recorder.record(transition);
  });
  // A new customer or price keeps the status: metered as such a step, it splits the billable interval there.
  const offChanges = context.events.on('deployments:changed', (deployment) => {
    const { status, updatedAt } = deployment;
    recorder.record({ deployment, from: status, to: status, at: updatedAt, cause: 'customer-changed' });
  });

  return {
    workers: [
      {
        name: INVOICE_WORKER,
        intervalSeconds: () => settings().invoiceIntervalHours * 3600,
        run: () => {
          generator.run();
          return Promise.resolve();
        },
      },
      {
        name: PAYMENT_WORKER,
        intervalSeconds: () => settings().paymentCheckSeconds,
        run: (signal) => sync.sync(signal),
      },
    ],
    handlers: {
      'customers:list': () => customers.list(),
      'customers:create': (input) => customers.create(input),
      'customers:update': (patch) => customers.update(patch),
      'customers:delete': ({ id }) => customers.delete(id),
      'billing:summary': ({ period }) => report.summary(period),
      'billing:margins': ({ months }) => report.margins(months),
      'billing:usage': (filter) => lines.intervals(filter, now().getTime()),
      'billing:usage-csv': ({ period, customerId }) => report.csv(period, customerId),
      'invoices:list': (filter) => lifecycle.list(filter),
      'invoices:get': ({ id }) => lifecycle.get(id),
      'invoices:generate': () => generator.run(),
      'invoices:create': ({ customerId }) => lifecycle.createManual(customerId),
      'invoices:add-item': (input) => lifecycle.addItem(input),
      'invoices:remove-item': ({ invoiceId, itemId }) => lifecycle.removeItem(invoiceId, itemId),
      'invoices:open': ({ id }) => lifecycle.open(id),
      'invoices:void': ({ id }) => lifecycle.void(id),
      'invoices:create-payment-link': async ({ id }) => {
        await checkout.createLink(id);
        return lifecycle.get(id);
      },
      'invoices:check-payment': async ({ id }) => {
        await sync.checkInvoice(id);
        return lifecycle.get(id);
      },
      'stripe:status': () => key.status(),
      'stripe:set-key': ({ secretKey }) => key.set(secretKey),
      'stripe:remove-key': () => key.remove(),
    },
    close() {
      unsubscribe();
      offChanges();
      return Promise.resolve();
    },
  };
}

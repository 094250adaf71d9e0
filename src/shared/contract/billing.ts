import { z } from 'zod';
import {
  customerInputSchema,
  customerPatchSchema,
  customerSchema,
  invoiceSchema,
  invoiceStatusSchema,
  invoiceSummarySchema,
  marginsSchema,
  monthSummarySchema,
  periodSchema,
  stripeStatusSchema,
  usageIntervalSchema,
} from './billing-model';
import { method } from './define';

export * from './billing-model';

const byId = z.object({ id: z.string().min(1) });
const cents = z.number().int().positive().max(100_000_000_00);

/** Stripe secret (`sk_`) or restricted (`rk_`) keys, live or test. */
export const stripeKeyPattern = /^(sk|rk)_(live|test)_[0-9A-Za-z]{8,200}$/;

export const billingMethods = {
  'customers:list': method(z.object({}), z.array(customerSchema)),
  'customers:create': method(customerInputSchema, customerSchema),
  'customers:update': method(customerPatchSchema, customerSchema),
  /** Refused while deployments are assigned to the customer; the customer's invoices are kept. */
  'customers:delete': method(byId, byId),

  /** Usage and amounts per customer and per deployment for one month (default: this month, to date). */
  'billing:summary': method(z.object({ period: periodSchema.optional() }), monthSummarySchema),
  /** Revenue against node costs for the last `months` months, this one included. */
  'billing:margins': method(z.object({ months: z.number().int().min(1).max(24).default(6) }), marginsSchema),
  /** Metered running intervals, newest first. */
  'billing:usage': method(
    z.object({
      customerId: z.string().optional(),
      deploymentId: z.string().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    z.array(usageIntervalSchema),
  ),
  /** The month's usage lines as CSV text (RFC 4180), for the UI to save as a file. */
  'billing:usage-csv': method(
    z.object({ period: periodSchema, customerId: z.string().optional() }),
    z.object({ fileName: z.string(), csv: z.string() }),
  ),

  'invoices:list': method(
    z.object({
      status: invoiceStatusSchema.optional(),
      customerId: z.string().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    z.array(invoiceSummarySchema),
  ),
  'invoices:get': method(byId, invoiceSchema),
  /** Closes every finished month into usage invoices now (the daily worker does the same). Never makes one twice. */
  'invoices:generate': method(
    z.object({}),
    z.object({ created: z.number().int(), updated: z.number().int() }),
  ),
  /** A draft with no usage lines, for manual items. */
  'invoices:create': method(z.object({ customerId: z.string().min(1) }), invoiceSchema),
  'invoices:add-item': method(
    z.object({
      invoiceId: z.string().min(1),
      kind: z.enum(['manual', 'discount']),
      description: z.string().trim().min(1, 'Describe the item.').max(500),
      quantity: z.number().int().min(1).max(100_000).default(1),
      unitAmountCents: cents,
    }),
    invoiceSchema,
  ),
  'invoices:remove-item': method(
    z.object({ invoiceId: z.string().min(1), itemId: z.number().int() }),
    invoiceSchema,
  ),
  /** Draft → open: numbers the invoice (gap-free per year) and freezes it. */
  'invoices:open': method(byId, invoiceSchema),
  /** Draft or open → void. An open payment link is expired at Stripe first. */
  'invoices:void': method(byId, invoiceSchema),
  /** Creates (or returns the still open) Stripe Checkout link for an open invoice. */
  'invoices:create-payment-link': method(byId, invoiceSchema),
  /** Asks Stripe now whether the invoice's open payment link was paid or expired. */
  'invoices:check-payment': method(byId, invoiceSchema),

  'stripe:status': method(z.object({}), stripeStatusSchema),
  /** Checks the key with Stripe, then keeps it in the OS keychain only. */
  'stripe:set-key': method(
    z.object({
      secretKey: z
        .string()
        .trim()
        .regex(stripeKeyPattern, 'Paste a Stripe restricted key (rk_live_… or rk_test_…).'),
    }),
    stripeStatusSchema,
  ),
  'stripe:remove-key': method(z.object({}), stripeStatusSchema),
};

export const billingEvents = {
  /** An invoice was created or changed (by the user, the generator or a confirmed payment). */
  'invoices:changed': invoiceSummarySchema,
};

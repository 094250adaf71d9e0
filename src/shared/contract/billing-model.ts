import { z } from 'zod';

/** The built-in owner of deployments nobody pays for; a deployment without a customer belongs here. */
export const PERSONAL_CUSTOMER_ID = 'cus_personal';

export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month as YYYY-MM.');
/** Currencies whose smallest unit is not a hundredth (Stripe's zero- and three-decimal lists). */
const notCentCurrencies = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF BHD JOD KWD OMR TND'.split(' '),
);
export const currencySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'Use a three-letter currency code such as USD.')
  .transform((code) => code.toUpperCase())
  // Amounts are kept in hundredths; billing in these would be off by a factor of 100 or 10.
  .refine(
    (code) => !notCentCurrencies.has(code),
    'Billing supports currencies with cents (two decimals) only.',
  );

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  currency: z.string(),
  /** 1 basis point = 0.01 %: 2000 is 20 %. */
  taxRateBasisPoints: z.number().int().nullable(),
  notes: z.string(),
  isPersonal: z.boolean(),
  /** Deployments whose latest transition names this customer and that are not deleted. */
  assignedDeployments: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof customerSchema>;

const customerFields = {
  name: z.string().trim().min(1, 'Give the customer a name.').max(200),
  email: z.email('Give an email address such as billing@example.com.').max(320),
  currency: currencySchema,
  taxRateBasisPoints: z.number().int().min(0).max(10_000).nullable(),
  notes: z.string().max(5000),
};
export const customerInputSchema = z.object({
  ...customerFields,
  currency: customerFields.currency.default('USD'),
  taxRateBasisPoints: customerFields.taxRateBasisPoints.default(null),
  notes: customerFields.notes.default(''),
});
export const customerPatchSchema = z
  .object({ id: z.string().min(1) })
  .extend(z.object(customerFields).partial().shape);

export const usageLineSchema = z.object({
  deploymentId: z.string(),
  deploymentName: z.string(),
  templateName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  currency: z.string(),
  priceMonthlyCents: z.number().int(),
  runningMs: z.number().int().nonnegative(),
  hours: z.number(),
  amountCents: z.number().int(),
  isRunning: z.boolean(),
});
export type UsageLine = z.infer<typeof usageLineSchema>;

export const customerTotalSchema = z.object({
  customerId: z.string(),
  customerName: z.string(),
  isPersonal: z.boolean(),
  currency: z.string(),
  amountCents: z.number().int(),
  hours: z.number(),
  deployments: z.number().int(),
});
export type CustomerTotal = z.infer<typeof customerTotalSchema>;

export const monthSummarySchema = z.object({
  period: z.string(),
  from: z.string(),
  until: z.string(),
  isCurrentMonth: z.boolean(),
  customers: z.array(customerTotalSchema),
  deployments: z.array(usageLineSchema),
  roundingRule: z.string(),
});
export type MonthSummary = z.infer<typeof monthSummarySchema>;

export const marginMonthSchema = z.object({
  period: z.string(),
  revenueCents: z.number().int(),
  nodeCostCents: z.number().int(),
  marginCents: z.number().int(),
  isPartial: z.boolean(),
});
export const marginsSchema = z.object({
  /** Node costs and revenue are compared in this currency only (settings → billing). */
  currency: z.string(),
  months: z.array(marginMonthSchema),
  /** Currencies of customers whose revenue is left out because it cannot be compared. */
  excludedCurrencies: z.array(z.string()),
  nodes: z.array(z.object({ nodeId: z.string(), name: z.string(), monthlyCostCents: z.number().int() })),
});
export type Margins = z.infer<typeof marginsSchema>;

export const usageIntervalSchema = z.object({
  id: z.number().int(),
  deploymentId: z.string(),
  deploymentName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  priceMonthlyCents: z.number().int(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endStatus: z.string().nullable(),
  endCause: z.string().nullable(),
  hours: z.number(),
});
export type UsageInterval = z.infer<typeof usageIntervalSchema>;

export const invoiceStatusSchema = z.enum(['draft', 'open', 'paid', 'void']);
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;

export const invoiceItemSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['usage', 'manual', 'discount']),
  description: z.string(),
  deploymentId: z.string().nullable(),
  /** Hours for usage lines (rounded to 0.01 for display), a count for manual items. */
  quantity: z.number(),
  /** The monthly rate for usage lines, the unit price for manual items, the discount for discounts. */
  unitAmountCents: z.number().int(),
  amountCents: z.number().int(),
});
export type InvoiceItem = z.infer<typeof invoiceItemSchema>;

export const paymentAttemptSchema = z.object({
  attempt: z.number().int(),
  /** `creating`: the request was sent but its answer never stored; retrying reuses the same idempotency key. */
  status: z.enum(['creating', 'open', 'complete', 'expired']),
  paymentStatus: z.string().nullable(),
  url: z.string().nullable(),
  expiresAt: z.string(),
  isLive: z.boolean().nullable(),
  createdAt: z.string(),
});
export type PaymentAttempt = z.infer<typeof paymentAttemptSchema>;

export const invoiceSummarySchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  customerId: z.string(),
  customerName: z.string(),
  period: z.string(),
  source: z.enum(['usage', 'manual']),
  status: invoiceStatusSchema,
  currency: z.string(),
  totalCents: z.number().int(),
  /** The link of the payment attempt still open at Stripe, if any. */
  paymentUrl: z.string().nullable(),
  createdAt: z.string(),
  openedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

export const invoiceSchema = invoiceSummarySchema.extend({
  customerEmail: z.string().nullable(),
  taxRateBasisPoints: z.number().int().nullable(),
  subtotalCents: z.number().int(),
  taxCents: z.number().int(),
  items: z.array(invoiceItemSchema),
  payments: z.array(paymentAttemptSchema),
  issuerName: z.string(),
  issuerDetails: z.string(),
  roundingRule: z.string(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const stripeStatusSchema = z.object({
  isConfigured: z.boolean(),
  /** The last 4 characters only: the key itself never leaves the keychain. */
  last4: z.string().nullable(),
  mode: z.enum(['live', 'test']).nullable(),
  isRestricted: z.boolean().nullable(),
});
export type StripeStatus = z.infer<typeof stripeStatusSchema>;

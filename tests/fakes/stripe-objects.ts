/** The objects of the fake Stripe (tests/fakes/stripe-server.ts): sessions, events and Stripe-shaped errors. */
import { randomBytes } from 'node:crypto';
import { FormParseError, parseStripeForm, type FormObject } from './stripe-form';

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  url: string | null;
  amount_total: number;
  currency: string;
  created: number;
  expires_at: number;
  livemode: boolean;
  mode: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string | null;
}

export interface FakeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  livemode: boolean;
  data: { object: FakeSession };
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const ALLOWED_SESSION_PARAMS = new Set([
  'mode',
  'line_items',
  'customer_email',
  'client_reference_id',
  'metadata',
  'success_url',
  'cancel_url',
  'expires_at',
]);

const invalid = (message: string, param?: string) =>
  new StripeApiError(400, 'invalid_request_error', message, param);

export const parseForm = (text: string): FormObject => {
  try {
    return parseStripeForm(text);
  } catch (error) {
    if (error instanceof FormParseError) throw invalid(error.message);
    throw error;
  }
};
export const masked = (key: string) =>
  `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
export const asObject = (value: unknown): FormObject =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as FormObject) : {};
export const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
export const asInt = (value: unknown, param: string): number => {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value))
    throw invalid(`Invalid integer: ${String(value)}`, param);
  return Number(value);
};

/** Checks the parameters of POST /v1/checkout/sessions as Stripe does, and builds the session. */
export function buildSession(
  params: FormObject,
  livemode: boolean,
  baseUrl: string,
  now: number,
): FakeSession {
  for (const name of Object.keys(params)) {
    if (!ALLOWED_SESSION_PARAMS.has(name)) throw invalid(`Received unknown parameter: ${name}`, name);
  }
  const mode = asString(params.mode);
  if (!mode) throw invalid('Missing required param: mode.', 'mode');
  const successUrl = asString(params.success_url);
  if (!successUrl) throw invalid('Missing required param: success_url.', 'success_url');
  const items = Array.isArray(params.line_items) ? params.line_items : [];
  if (items.length === 0) throw invalid('Missing required param: line_items.', 'line_items');
  let total = 0;
  let currency = '';
  items.forEach((raw, index) => {
    const item = asObject(raw);
    const price = asObject(item.price_data);
    currency = asString(price.currency) ?? '';
    const at = `line_items[${index}]`;
    if (!/^[a-z]{3}$/.test(currency)) throw invalid('Invalid currency.', `${at}[price_data][currency]`);
    if (!asString(asObject(price.product_data).name)) {
      throw invalid('Missing required param: product_data[name].', `${at}[price_data][product_data][name]`);
    }
    total +=
      asInt(price.unit_amount, `${at}[price_data][unit_amount]`) * asInt(item.quantity, `${at}[quantity]`);
  });
  if (total < 50)
    throw invalid(`The Checkout Session's total amount due must add up to at least $0.50 ${currency}`);
  const expiresAt = params.expires_at === undefined ? now + 86_400 : asInt(params.expires_at, 'expires_at');
  if (expiresAt < now + 1800 || expiresAt > now + 86_400) {
    throw invalid(
      'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  const id = `cs_${livemode ? 'live' : 'test'}_${randomBytes(12).toString('hex')}`;
  return {
    id,
    object: 'checkout.session',
    status: 'open',
    payment_status: 'unpaid',
    url: `${baseUrl}/pay/${id}`,
    amount_total: total,
    currency,
    created: now,
    expires_at: expiresAt,
    livemode,
    mode,
    client_reference_id: asString(params.client_reference_id) ?? null,
    customer_email: asString(params.customer_email) ?? null,
    metadata: Object.fromEntries(
      Object.entries(asObject(params.metadata)).map(([k, v]) => [k, asString(v) ?? JSON.stringify(v)]),
    ),
    success_url: successUrl,
    cancel_url: asString(params.cancel_url) ?? null,
  };
}

/** GET /v1/events: newest first, filtered by created[gte|gt|lte|lt], type (with *) or types[], paged by starting_after. */
export function listEvents(events: readonly FakeEvent[], query: FormObject) {
  const created = asObject(query.created);
  const types = Array.isArray(query.types) ? query.types.map((t) => asString(t) ?? '') : null;
  const type = asString(query.type);
  const limit = query.limit === undefined ? 10 : asInt(query.limit, 'limit');
  if (limit < 1 || limit > 100) throw invalid('Limit must be between 1 and 100.', 'limit');
  const matchesType = (name: string) =>
    (types === null || types.includes(name)) &&
    (type === undefined || (type.endsWith('*') ? name.startsWith(type.slice(0, -1)) : name === type));
  const bound = (op: string) => (created[op] === undefined ? null : asInt(created[op], `created[${op}]`));
  const [gte, gt, lte, lt] = [bound('gte'), bound('gt'), bound('lte'), bound('lt')];
  let newestFirst = [...events]
    .reverse()
    .filter(
      (e) =>
        matchesType(e.type) &&
        (gte === null || e.created >= gte) &&
        (gt === null || e.created > gt) &&
        (lte === null || e.created <= lte) &&
        (lt === null || e.created < lt),
    );
  const after = asString(query.starting_after);
  if (after) {
    const index = newestFirst.findIndex((e) => e.id === after);
    if (index < 0) throw invalid(`No such event: '${after}'`, 'starting_after');
    newestFirst = newestFirst.slice(index + 1);
  }
  return {
    object: 'list',
    url: '/v1/events',
    has_more: newestFirst.length > limit,
    data: newestFirst.slice(0, limit),
  };
}

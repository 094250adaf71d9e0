export type FormValue =
  string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

/**
 * Stripe's request encoding: application/x-www-form-urlencoded with nested keys in brackets,
 * `metadata[invoice_id]=…`, `line_items[0][price_data][currency]=usd`. null and undefined are left out.
 */
export function encodeForm(params: Record<string, FormValue>): string {
  const pairs = new URLSearchParams();
  const add = (key: string, value: FormValue) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => add(`${key}[${index}]`, item));
    } else if (typeof value === 'object') {
      for (const [child, item] of Object.entries(value)) add(`${key}[${child}]`, item);
    } else {
      pairs.append(key, String(value));
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.toString();
}

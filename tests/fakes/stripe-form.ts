/** Form values as Stripe reads them: `a[b][0][c]=x` nests, numeric keys make arrays, `a[]=x` appends. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

export class FormParseError extends Error {}

function toArrays(value: FormValue): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toArrays);
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => toArrays(value[k] ?? ''));
  }
  return Object.fromEntries(keys.map((k) => [k, toArrays(value[k] ?? '')]));
}

export function parseStripeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = KEY.exec(rawKey);
    if (!match?.[1]) throw new FormParseError(`Invalid parameter name: ${rawKey}`);
    const path = [match[1], ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node: FormObject = root;
    path.forEach((segment, index) => {
      const isLast = index === path.length - 1;
      const name = segment === '' ? String(Object.keys(node).length) : segment;
      if (isLast) {
        node[name] = value;
        return;
      }
      const next = node[name];
      if (next === undefined) node[name] = {};
      else if (typeof next === 'string' || Array.isArray(next))
        throw new FormParseError(`Conflicting parameter: ${rawKey}`);
      node = node[name] as FormObject;
    });
  }
  return toArrays(root) as FormObject;
}

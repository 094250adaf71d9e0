import type { Handlers } from '@shared/contract';

type Merged<T extends readonly object[]> = T extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? Head & Merged<Rest>
  : unknown;

/**
 * Joins the features' slices of the contract into one set of handlers. A spread would let a later
 * feature silently replace another's method; here answering a method twice is a wiring error.
 */
export function mergeHandlers<const T extends readonly Partial<Handlers>[]>(...slices: T): Merged<T> {
  const merged: Record<string, unknown> = {};
  for (const slice of slices) {
    for (const [method, handler] of Object.entries(slice)) {
      if (Object.hasOwn(merged, method))
        throw new Error(`Two features answer ${method}; each method has one handler.`);
      merged[method] = handler;
    }
  }
  return merged as Merged<T>;
}

export type Dict = Record<string, unknown>;

export const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalarValue = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export const entries = (value: unknown): [string, unknown][] => (isDict(value) ? Object.entries(value) : []);

export const hasKey = (dict: Dict, key: string): boolean => Object.hasOwn(dict, key);

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/;

/** Go duration syntax as compose uses it (`1m30s`, `500ms`, `1.5h`), in milliseconds; null if malformed. */
export function parseDuration(text: string): number | null {
  let rest = text.trim();
  if (rest === '' || rest.length > 64) return null;
  if (rest === '0') return 0;
  let total = 0;
  while (rest !== '') {
    const match = DURATION.exec(rest);
    if (!match) return null;
    total += Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? Number.NaN);
    rest = rest.slice(match[0].length);
  }
  return Number.isFinite(total) ? Math.round(total) : null;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const BYTES = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i;

/** Docker's byte sizes (`512m`, `1.5g`, `2GB`, `1073741824`), binary multiples; null if malformed. */
export function parseBytes(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = BYTES.exec(value.trim());
  if (!match) return null;
  const bytes = Math.round(Number(match[1]) * (BYTE_UNITS[(match[2] ?? '').toLowerCase()] ?? Number.NaN));
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

export function parseCpus(value: unknown): number | null {
  const cpus =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim())
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(cpus) && cpus > 0 && cpus <= 1024 ? cpus : null;
}

/**
 * Splits a command string into words the way compose does (POSIX shell quoting, no expansion):
 * `sh -c "echo a b"` → `['sh', '-c', 'echo a b']`. Null when a quote is left open.
 */
export function splitShellWords(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1] ?? ''))
        word += text[++i] ?? '';
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i] ?? '';
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== null) return null;
  if (inWord) words.push(word);
  return words;
}

/** `KEY=value` list items or a `{KEY: value}` mapping, as compose allows for environment, labels, sysctls… */
export function listOrDictEntries(
  value: unknown,
  separator = '=',
): { key: string; value: unknown; index: number | string }[] {
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      const text = typeof item === 'string' ? item : String(item);
      const at = text.indexOf(separator);
      return at < 0
        ? { key: text, value: null, index }
        : { key: text.slice(0, at), value: text.slice(at + 1), index };
    });
  }
  return entries(value).map(([key, v]) => ({ key, value: v, index: key }));
}

/** A scalar as compose writes it; '' for null, a missing value or a collection. */
export const scalarText = (value: unknown): string => (isScalarValue(value) ? String(value) : '');

/** Deletes a key chosen at run time (an unsupported compose key, an extension block). */
export const removeKey = (dict: Dict, key: string): void => {
  Reflect.deleteProperty(dict, key);
};

/** Sets an own property even for a key such as `__proto__`, which plain assignment would turn into a prototype. */
export const setOwn = (dict: Dict, key: string, value: unknown): void => {
  Object.defineProperty(dict, key, { value, enumerable: true, writable: true, configurable: true });
};

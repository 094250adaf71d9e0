import { entries, isDict, scalarText, type Dict } from './compose-values';
import { localized } from './casaos-fields';

/** CasaOS tips are a text per language, or a list of `{ content, value }` lines ("Default password", "casaos"). */
export function tipsText(tips: unknown): string {
  if (!isDict(tips)) return '';
  const before = tips.before_install;
  if (!Array.isArray(before)) return localized(before);
  return before
    .flatMap((item: unknown) => {
      if (!isDict(item)) return [];
      const line = [localized(item.content), scalarText(item.value).trim()].filter((t) => t !== '');
      return line.length === 0 ? [] : [line.join(': ')];
    })
    .join('\n');
}

const environmentOf = (service: unknown): Map<string, unknown> => {
  const env = isDict(service) ? service.environment : undefined;
  if (!Array.isArray(env)) return new Map(entries(env));
  return new Map(
    env.map((item: unknown) => {
      const [key = '', ...value] = String(item).split('=');
      return [key, value.length === 0 ? null : value.join('=')];
    }),
  );
};

/** The value a password had in the file: written in, or the default of `${NAME:-value}`. */
const writtenValue = (value: unknown): string | null => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const fallback = /^\$\{\w+:?-([^}$]*)\}$/.exec(text);
  if (fallback) return fallback[1] ?? null;
  return text === '' || text.includes('$') ? null : text;
};

/** The passwords the conversion replaced by generated secrets: the value written in → the secret's name. */
export function generatedValues(
  original: Dict,
  converted: Dict,
  secrets: readonly string[],
): Map<string, string> {
  const found = new Map<string, string>();
  for (const [serviceName, service] of entries(converted.services)) {
    const before = environmentOf(isDict(original.services) ? original.services[serviceName] : undefined);
    for (const [key, value] of environmentOf(service)) {
      const secret = secrets.find((name) => value === `\${${name}}`);
      const written = writtenValue(before.get(key));
      if (secret !== undefined && written !== null && !found.has(written)) found.set(written, secret);
    }
  }
  return found;
}

const PASSWORD_WORD = /pass(?:word|wort|wd|code)?\b|pwd|kennwort|mot de passe|contraseña|密码/i;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any of the values as a whole token, with the quotes or backticks around it. */
const tokenOf = (values: string[]): RegExp =>
  new RegExp(`(?<![\\w-])[\`"'*]*(?:${values.map(escape).join('|')})[\`"'*]*(?![\\w-])`, 'g');
const pointer = (secret: string): string =>
  `the generated ${secret} (shown under Credentials on the deployment page)`;
const cell = (text: string): string => text.trim().replace(/^[`"'*]+|[`"'*]+$/g, '');

/**
 * Rewrites notes that state a default password ("Default password: casaos", a table with a
 * Password column) to point at the generated secret that replaced it. Only the text after the
 * word "password" on its line, or the password column of a table, is touched, so a user name
 * with the same value stays. Returns the new notes and the values it rewrote.
 */
export function pointNotesAtSecrets(
  notes: string,
  values: ReadonlyMap<string, string>,
): { notes: string; rewritten: [string, string][] } {
  if (values.size === 0) return { notes, rewritten: [] };
  const anyValue = tokenOf([...values.keys()].sort((a, b) => b.length - a.length));
  const rewritten = new Map<string, string>();
  let passwordColumn = -1;
  const lines = notes.split('\n').map((line) => {
    if (/^\s*\|/.test(line)) {
      const cells = line.split('|');
      const header = cells.findIndex((c) => PASSWORD_WORD.test(c));
      if (header >= 0) passwordColumn = header;
      const secret = values.get(cell(cells[passwordColumn] ?? ''));
      if (header >= 0 || passwordColumn < 0 || secret === undefined) return line;
      rewritten.set(cell(cells[passwordColumn] ?? ''), secret);
      cells[passwordColumn] = ` ${pointer(secret)} `;
      return cells.join('|');
    }
    passwordColumn = -1;
    const word = PASSWORD_WORD.exec(line);
    if (!word) return line;
    const at = word.index + word[0].length;
    const rest = line.slice(at).replace(anyValue, (token) => {
      const secret = values.get(cell(token));
      if (secret === undefined) return token;
      rewritten.set(cell(token), secret);
      return pointer(secret);
    });
    return line.slice(0, at) + rest;
  });
  return { notes: lines.join('\n'), rewritten: [...rewritten] };
}

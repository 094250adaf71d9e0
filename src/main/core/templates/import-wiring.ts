import { mapStrings } from './compose-interpolation';
import { isDict, type Dict } from './compose-values';
import { isLongToken } from './import-environment';
import type { ImportLog } from './import-report';
import { formatPath, type Path } from './issues';

/** Where a service uses a password besides its environment: the command, the entrypoint, the health check. */
const inCommand = (path: Path): boolean =>
  path[0] === 'services' &&
  (path[2] === 'command' || path[2] === 'entrypoint' || (path[2] === 'healthcheck' && path[3] === 'test'));
const inEnvironment = (path: Path): boolean => path[0] === 'services' && path[2] === 'environment';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Flags that take a password (`redis-server --requirepass`, `redis-cli -a`, `--password`), and `auth`. */
const PASSWORD_FLAG = '(?:--?(?:requirepass|masterauth|pass(?:word)?|pwd|a)|auth|AUTH)';

/** The value as a URL's password (`scheme://user:VALUE@host`), or as a command's argument after a password flag. */
function patternsFor(value: string): { url: RegExp; argument: RegExp } {
  const v = escape(value);
  return {
    url: new RegExp(`(://[^:/@\\s]*:)${v}(?=@)`, 'g'),
    argument: new RegExp(`(^|\\s)(${PASSWORD_FLAG}[\\s=])${v}(?=\\s|$)`, 'g'),
  };
}

/**
 * A password the import replaced by a generated secret is often written again where the services
 * use it: in a connection URL (`postgres://app:PASS@db`), as a command's argument
 * (`redis-server --requirepass PASS`) or in a health check. Left as written, the app would use the
 * old value against a database started with the new one, so each such place takes the secret too.
 * A long token written whole under another key (an allow-list of API keys) takes it as well. A
 * user name equal to the password stays: only the password's place in a URL is touched.
 */
export function rewireWrittenSecrets(
  doc: Dict,
  generatedByValue: ReadonlyMap<string, string>,
  log: ImportLog,
): void {
  const wired = [...generatedByValue]
    .filter(([value]) => value.length >= 4 && !value.includes('$'))
    .sort(([a], [b]) => b.length - a.length)
    .map(([value, name]) => ({ value, name, ...patternsFor(value) }));
  if (wired.length === 0 || !isDict(doc.services)) return;
  doc.services = mapStrings(doc.services, (text, inner) => {
    const path: Path = ['services', ...inner];
    if (!inCommand(path) && !inEnvironment(path)) return text;
    let next = text;
    const used = new Set<string>();
    for (const { value, name, url, argument } of wired) {
      const secret = `\${${name}}`.replace(/\$/g, '$$$$');
      const before = next;
      next = next.replace(url, `$1${secret}`);
      if (inEnvironment(path) && isLongToken(value))
        next =
          next === value
            ? `\${${name}}`
            : next.replace(new RegExp(`^([\\w.-]+=)${escape(value)}$`), `$1${secret}`);
      if (inCommand(path)) next = next === value ? `\${${name}}` : next.replace(argument, `$1$2${secret}`);
      if (next !== before) used.add(name);
    }
    for (const name of used)
      log.changed(
        formatPath(path),
        `The password written here became the generated secret ${name}; it is used here too, so the services still agree.`,
      );
    return next;
  });
}

import { entries, isDict, setOwn, type Dict } from './compose-values';
import { isPlaceholder } from './import-credentials';
import { hasDollar } from './interpolation';

/** Which environment entries hold credentials, and which credentials a file writes for several keys. */

const SECRET_NAME =
  /PASSWORD|PASSWD|SECRET|TOKEN|SALT|AUTHKEY|(?:^|_)(?:API_?)?KEY(?:_|$)|LICEN[CS]E_?KEY|(?:^|_)(?:PASS|IV)(?:_|$)/i;
/** Settings about a secret rather than the secret itself: MYSQL_ALLOW_EMPTY_PASSWORD, PASSWORD_FILE, TOKEN_TTL… */
const SECRET_SETTING =
  /ALLOW|RANDOM|EMPTY|LENGTH|ROUNDS|POLICY|EXPIR|TTL|RESET|REQUIRE|ENABLE|DISABLE|HASH|_FILE$|_PATH$|_DIR$|_URL$|KEY_ID$|_USERS?$|_USERNAMES?$/i;
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name) && !SECRET_SETTING.test(name);
/** Literal values that are switches or paths, not passwords. */
const NOT_A_SECRET_VALUE = /^(?:yes|no|true|false|on|off|[01])$|^\//i;

export function environmentEntries(
  service: Dict,
): { key: string; value: unknown; set: (v: string) => void }[] {
  const env = service.environment;
  if (Array.isArray(env)) {
    return env.map((item: unknown, index) => {
      const text = String(item);
      const at = text.indexOf('=');
      const key = at < 0 ? text : text.slice(0, at);
      return {
        key,
        value: at < 0 ? null : text.slice(at + 1),
        set: (v: string) => (env[index] = `${key}=${v}`),
      };
    });
  }
  return entries(env).map(([key, value]) => ({
    key,
    value,
    set: (v: string) => setOwn(env as Dict, key, v),
  }));
}

/** The credential written in for a secret-looking key, or null (a reference, a switch, a path). */
export const credentialLiteral = (key: string, value: unknown): string | null => {
  const literal = typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  if (literal === null || hasDollar(literal) || NOT_A_SECRET_VALUE.test(literal)) return null;
  return isSecretName(key) ? literal : null;
};

/** A value long and random enough that the same text under another key can only be the same token. */
export const isLongToken = (value: string): boolean => /^[\w+/=.~-]{16,}$/.test(value) && /\d/.test(value);

/**
 * Values (not placeholders) written for two or more credential keys, such as a MinIO password and
 * its client's key, or a long token also written under a key that does not look secret (Weaviate's
 * AUTHENTICATION_APIKEY_ALLOWED_KEYS holding Dify's WEAVIATE_API_KEY).
 */
export function wiredValues(doc: Dict): Map<string, string[]> {
  const keysByValue = new Map<string, string[]>();
  const plain = new Set<string>();
  for (const [, service] of entries(doc.services))
    for (const { key, value } of isDict(service) ? environmentEntries(service) : []) {
      const literal = credentialLiteral(key, value);
      if (literal === null && typeof value === 'string' && isLongToken(value)) plain.add(value);
      if (literal === null || isPlaceholder(literal)) continue;
      const keys = keysByValue.get(literal) ?? [];
      if (!keys.includes(key)) keysByValue.set(literal, [...keys, key]);
    }
  return new Map([...keysByValue].filter(([value, keys]) => keys.length > 1 || plain.has(value)));
}

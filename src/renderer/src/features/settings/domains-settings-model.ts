import { settingsPatchSchema, type Settings } from '@shared/contract/settings';

export type DomainsSettings = Settings['domains'];
export type DomainsField = keyof DomainsSettings;
export type DomainsFieldErrors = Partial<Record<DomainsField, string>>;

const domainsFieldsSchema = settingsPatchSchema.shape.domains.unwrap();

/** Where the contract's own message is a generic one ("Too small"), the words the form shows instead. */
const plainMessages: Partial<Record<DomainsField, string>> = {
  acmeTrustedRootPem: 'Paste a PEM of at most 64 KiB, or leave it empty.',
  dnsResolver: 'Type a resolver such as 1.1.1.1, or host:port.',
  proxyImage: 'Type an image such as caddy:2.',
  proxyListenAddress: 'Type an IP address of the node, or leave it empty for every address.',
};

const fields: readonly DomainsField[] = [
  'acmeDirectory',
  'acmeEmail',
  'acmeTrustedRootPem',
  'dnsResolver',
  'proxyImage',
  'proxyListenAddress',
];
const isField = (key: unknown): key is DomainsField => fields.includes(key as DomainsField);

/** The draft as the core will take it (trimmed), or what is wrong with each field, checked by the contract. */
export function parseDomainsDraft(
  draft: DomainsSettings,
): { ok: true; value: Partial<DomainsSettings> } | { ok: false; errors: DomainsFieldErrors } {
  const parsed = domainsFieldsSchema.safeParse(draft);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: DomainsFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (isField(field)) errors[field] ??= plainMessages[field] ?? issue.message;
  }
  return { ok: false, errors };
}

export const isSameDomainsSettings = (a: DomainsSettings, b: DomainsSettings): boolean =>
  fields.every((field) => a[field] === b[field]);

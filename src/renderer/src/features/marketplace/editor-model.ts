import type {
  TemplateConfigFile,
  TemplateManifest,
  TemplateSecret,
  VariableType,
} from '@shared/contract/template-model';

export interface VariableForm {
  name: string;
  label: string;
  description: string;
  type: VariableType;
  default: string;
  required: boolean;
  pattern: string;
  /** Select options, comma-separated. */
  options: string;
}

export interface SecretForm {
  name: string;
  kind: TemplateSecret['kind'];
  /** Characters of a password or random bytes of hex/base64; unused for uuid. */
  size: string;
  description: string;
}

/** The manifest as the form edits it: text everywhere, turned back into a manifest for the engine to judge. */
export interface ManifestForm {
  name: string;
  slug: string;
  version: string;
  description: string;
  category: string;
  tags: string;
  icon: string;
  homepage: string;
  priceDollars: string;
  cpuCores: string;
  memoryMb: string;
  diskMb: string;
  primaryService: string;
  primaryPort: string;
  primaryScheme: 'http' | 'https' | 'tcp';
  notes: string;
  variables: VariableForm[];
  secrets: SecretForm[];
  /** Not edited here, but kept so saving a version does not drop them. */
  configFiles: TemplateConfigFile[];
}

export const slugify = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

export const nextPatch = (version: string): string => {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? `${match[1]}.${match[2]}.${Number(match[3]) + 1}` : version;
};

export const starterCompose = `services:
  web:
    image: nginx:1.27-alpine
    restart: unless-stopped
    ports:
      - "80"
    healthcheck:
      test: ["CMD", "wget", "-q", "--spider", "http://localhost/"]
      interval: 30s
      timeout: 5s
      retries: 3
`;

export const emptyForm = (): ManifestForm => ({
  name: '',
  slug: '',
  version: '1.0.0',
  description: '',
  category: 'web',
  tags: '',
  icon: 'globe',
  homepage: '',
  priceDollars: '0',
  cpuCores: '0.5',
  memoryMb: '256',
  diskMb: '1024',
  primaryService: 'web',
  primaryPort: '80',
  primaryScheme: 'http',
  notes: '',
  variables: [],
  secrets: [],
  configFiles: [],
});

export const emptyVariable = (): VariableForm => ({
  name: '',
  label: '',
  description: '',
  type: 'text',
  default: '',
  required: false,
  pattern: '',
  options: '',
});
export const emptySecret = (): SecretForm => ({ name: '', kind: 'password', size: '32', description: '' });

export function fromManifest(manifest: TemplateManifest): ManifestForm {
  return {
    name: manifest.name,
    slug: manifest.slug,
    version: manifest.version,
    description: manifest.description,
    category: manifest.category,
    tags: manifest.tags.join(', '),
    icon: manifest.icon,
    homepage: manifest.homepage ?? '',
    priceDollars: (manifest.price_monthly_cents / 100).toFixed(2),
    cpuCores: String(manifest.resources.cpu_cores),
    memoryMb: String(manifest.resources.memory_mb),
    diskMb: String(manifest.resources.disk_mb),
    primaryService: manifest.primary?.service ?? '',
    primaryPort: manifest.primary ? String(manifest.primary.port) : '',
    primaryScheme: manifest.primary?.scheme ?? 'http',
    notes: manifest.notes,
    variables: manifest.variables.map((v) => ({
      name: v.name,
      label: v.label,
      description: v.description ?? '',
      type: v.type,
      default: v.default ?? '',
      required: v.required,
      pattern: v.pattern ?? '',
      options: (v.options ?? []).map((o) => o.value).join(', '),
    })),
    secrets: manifest.secrets.map((s) => ({
      name: s.name,
      kind: s.kind,
      size: s.kind === 'password' ? String(s.length) : s.kind === 'uuid' ? '' : String(s.bytes),
      description: s.description ?? '',
    })),
    configFiles: manifest.config_files,
  };
}

/** A number where the text is one, else the text itself, so the engine names the bad field. */
const numeric = (text: string): number | string =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const optional = <K extends string>(key: K, text: string): Partial<Record<K, string>> =>
  text.trim() === '' ? {} : ({ [key]: text } as Record<K, string>);

export function toManifest(form: ManifestForm): Record<string, unknown> {
  const price = numeric(form.priceDollars);
  return {
    name: form.name,
    slug: form.slug,
    version: form.version,
    description: form.description,
    category: form.category,
    tags: list(form.tags),
    icon: form.icon,
    ...optional('homepage', form.homepage),
    price_monthly_cents: typeof price === 'number' ? Math.round(price * 100) : price,
    resources: {
      cpu_cores: numeric(form.cpuCores),
      memory_mb: numeric(form.memoryMb),
      disk_mb: numeric(form.diskMb),
    },
    ...(form.primaryService.trim() === ''
      ? {}
      : {
          primary: {
            service: form.primaryService,
            port: numeric(form.primaryPort),
            scheme: form.primaryScheme,
          },
        }),
    notes: form.notes,
    variables: form.variables.map((v) => ({
      name: v.name,
      label: v.label,
      type: v.type,
      required: v.required,
      ...optional('description', v.description),
      ...optional('default', v.default),
      ...optional('pattern', v.pattern),
      ...(v.type === 'select' ? { options: list(v.options) } : {}),
    })),
    secrets: form.secrets.map((s) => ({
      name: s.name,
      kind: s.kind,
      ...optional('description', s.description),
      ...(s.kind === 'password'
        ? { length: numeric(s.size) }
        : s.kind === 'uuid'
          ? {}
          : { bytes: numeric(s.size) }),
    })),
    config_files: form.configFiles,
  };
}

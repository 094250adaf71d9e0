import { z } from 'zod';
import { normalizedComposeSchema, policyFindingSchema } from './compose-model';
import { checkPattern, maxPatternSize, maxVariableValueLength } from '../template-pattern';

export * from './compose-model';

/**
 * The template format (a manifest beside a compose file) and the reports the template engine gives
 * about it. The normalized compose model is in compose-model.ts.
 * The manifest is a file format, so its keys are snake_case like compose's; the models the app
 * computes are camelCase.
 */

export const templateCategories = [
  'web',
  'development',
  'monitoring',
  'automation',
  'analytics',
  'database',
  'communication',
  'media',
  'productivity',
  'security',
  'storage',
  'networking',
  'other',
] as const;
export const templateCategorySchema = z.enum(templateCategories);
export type TemplateCategory = z.infer<typeof templateCategorySchema>;

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const ICON_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const EMOJI = /^\p{Extended_Pictographic}/u;

export const variableNameSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and _, not starting with a digit');
export const slugSchema = z
  .string()
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be lowercase letters, digits and inner dashes');
export const semverSchema = z.string().max(64).regex(SEMVER, 'must be a semantic version such as 1.2.3');
/** An emoji, or the name of one of the renderer's inline SVG icons. */
export const iconSchema = z
  .string()
  .min(1)
  .max(16)
  .refine((v) => ICON_NAME.test(v) || EMOJI.test(v), 'must be an emoji or an icon name such as "database"');

const scalarText = z
  .union([z.string().max(maxVariableValueLength), z.number(), z.boolean()])
  .transform(String);

/** `multiline`: many lines, such as a config file's contents, typed in a text area. */
export const variableTypes = ['text', 'multiline', 'number', 'boolean', 'select', 'password', 'email', 'url'] as const;
export const variableTypeSchema = z.enum(variableTypes);
export type VariableType = z.infer<typeof variableTypeSchema>;

const selectOptionSchema = z.union([
  scalarText.transform((value) => ({ value, label: value })),
  z.strictObject({ value: scalarText, label: z.string().min(1).max(80) }),
]);

export const variableSchema = z
  .strictObject({
    name: variableNameSchema,
    label: z.string().min(1).max(80),
    description: z.string().max(500).optional(),
    type: variableTypeSchema.default('text'),
    default: scalarText.optional(),
    required: z.boolean().default(false),
    /** RE2 syntax, matched against the whole value: see src/shared/template-pattern.ts. */
    pattern: z.string().optional(),
    options: z.array(selectOptionSchema).min(1).max(100).optional(),
  })
  .refine((v) => v.type !== 'select' || v.options !== undefined, {
    message: 'a select variable needs options',
    path: ['options'],
  })
  .superRefine((v, ctx) => {
    const check = v.pattern === undefined ? null : checkPattern(v.pattern);
    if (check?.ok === false)
      ctx.addIssue({
        code: 'custom',
        message: `Variable ${v.name}: its pattern ${check.problem}`,
        path: ['pattern'],
      });
  });
export type TemplateVariable = z.infer<typeof variableSchema>;

const secretBase = { name: variableNameSchema, description: z.string().max(500).optional() };
/** `length` counts characters of a password; `bytes` counts random bytes, as `openssl rand -hex|-base64 N` does. */
export const secretSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...secretBase,
    kind: z.literal('password'),
    length: z.int().min(12).max(128).default(32),
  }),
  z.strictObject({ ...secretBase, kind: z.literal('hex'), bytes: z.int().min(8).max(256).default(32) }),
  z.strictObject({ ...secretBase, kind: z.literal('base64'), bytes: z.int().min(8).max(256).default(32) }),
  z.strictObject({ ...secretBase, kind: z.literal('uuid') }),
]);
export type TemplateSecret = z.infer<typeof secretSchema>;

export const configFileSchema = z.strictObject({
  service: z.string().min(1).max(63),
  path: z
    .string()
    .max(1024)
    .regex(/^\/(?!.*(?:^|\/)\.\.(?:\/|$))[^\0]*[^/]$/, 'must be an absolute file path inside the container'),
  /** `${NAME}` is replaced with a variable or secret; `$$` is a literal `$`; `$word` is left alone (nginx, shells). */
  content: z.string().max(65_536),
  mode: z
    .string()
    .regex(/^0?[0-7]{3}$/, 'must be an octal mode such as 0644')
    .default('0644'),
});
export type TemplateConfigFile = z.infer<typeof configFileSchema>;

/** Run with exec in the service's container: `dump` writes the dump to stdout, `restore` reads it from stdin. */
export const backupCommandSchema = z.strictObject({
  service: z.string().min(1).max(63),
  dump: z.array(z.string().max(4096)).min(1).max(50),
  restore: z.array(z.string().max(4096)).min(1).max(50),
});
export type TemplateBackupCommand = z.infer<typeof backupCommandSchema>;

/** A one-shot maintenance command (migrations, a cache clear) the user runs from the deployment page: exec, no TTY. */
export const maintenanceCommandManifestSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  service: z.string().min(1).max(63),
  command: z.array(z.string().max(4096)).min(1).max(50),
});

export const templateManifestSchema = z
  .strictObject({
    name: z.string().trim().min(2).max(80),
    slug: slugSchema,
    version: semverSchema,
    description: z.string().trim().min(1).max(2000),
    category: templateCategorySchema,
    tags: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]{0,31}$/))
      .max(20)
      .default([]),
    icon: iconSchema,
    homepage: z.url({ protocol: /^https?$/ }).optional(),
    price_monthly_cents: z.int().min(0).max(100_000),
    resources: z.strictObject({
      cpu_cores: z.number().positive().max(256),
      memory_mb: z.int().positive().max(1_048_576),
      disk_mb: z.int().min(0).max(104_857_600),
    }),
    /** The service and container port "Open app" leads to. */
    primary: z
      .strictObject({
        service: z.string().min(1).max(63),
        port: z.int().min(1).max(65535),
        scheme: z.enum(['http', 'https', 'tcp']).default('http'),
      })
      .optional(),
    variables: z.array(variableSchema).max(100).default([]),
    secrets: z.array(secretSchema).max(50).default([]),
    config_files: z.array(configFileSchema).max(20).default([]),
    /** Databases are dumped, not copied: per service, the command that writes a dump to stdout and the one that reads it back from stdin. */
    backups: z.array(backupCommandSchema).max(20).default([]),
    commands: z.array(maintenanceCommandManifestSchema).max(20).default([]),
    notes: z.string().max(10_000).default(''),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    const names = [
      ...m.variables.map((v, i) => ['variables', i, v.name] as const),
      ...m.secrets.map((s, i) => ['secrets', i, s.name] as const),
    ];
    for (const [list, index, name] of names) {
      if (seen.has(name))
        ctx.addIssue({ code: 'custom', message: `${name} is declared twice`, path: [list, index, 'name'] });
      seen.add(name);
    }
    const files = new Set<string>();
    m.config_files.forEach((file, index) => {
      const key = `${file.service}:${file.path}`;
      if (files.has(key))
        ctx.addIssue({
          code: 'custom',
          message: `${file.path} is written twice into ${file.service}`,
          path: ['config_files', index, 'path'],
        });
      files.add(key);
    });
    const patternsSize = m.variables.reduce((sum, v) => {
      const check = v.pattern === undefined ? null : checkPattern(v.pattern);
      return sum + (check?.ok ? check.size : 0);
    }, 0);
    if (patternsSize > maxPatternSize)
      ctx.addIssue({
        code: 'custom',
        message: `the variables' patterns together compile to about ${patternsSize} RE2 instructions, more than ${maxPatternSize}; use smaller counts`,
        path: ['variables'],
      });
  });
export type TemplateManifest = z.infer<typeof templateManifestSchema>;
export type TemplateManifestInput = z.input<typeof templateManifestSchema>;

export const maxComposeBytes = 256 * 1024;

/** One template: its manifest and its compose file's text, placeholders and all. */
export const templateSchema = z.object({
  manifest: templateManifestSchema,
  compose: z.string().max(maxComposeBytes),
});
export type Template = z.infer<typeof templateSchema>;

export const issueFileSchema = z.enum(['compose', 'manifest', 'values', 'bundle', 'import']);
export type IssueFile = z.infer<typeof issueFileSchema>;

/**
 * One finding. `code` is a stable prefix:name such as `yaml:too-deep`, `compose:unsupported`,
 * `variable:undeclared`, `manifest:invalid` or `policy:privileged`; `path` reads like
 * `services.web.ports[0]`; line and column (1-based) are there when the YAML has a node for it.
 */
export const validationIssueSchema = z.object({
  code: z.string(),
  message: z.string(),
  file: issueFileSchema,
  path: z.string(),
  line: z.int().optional(),
  column: z.int().optional(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

/**
 * `compose` is there only when there are no errors; in it, variables are still `${NAME}`.
 * `findings` are the safety policy's (each also a `policy:*` warning): what a deploy needs a yes for.
 */
export const validationReportSchema = z.object({
  errors: z.array(validationIssueSchema),
  warnings: z.array(validationIssueSchema),
  findings: z.array(policyFindingSchema),
  compose: normalizedComposeSchema.optional(),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;

export const importFormats = ['compose', 'portainer', 'casaos', 'bundle'] as const;
export const importItemSchema = z.object({
  action: z.enum(['taken', 'changed', 'refused']),
  subject: z.string(),
  reason: z.string(),
});
export type ImportItem = z.infer<typeof importItemSchema>;

/** A stack whose compose file is in a repository the import was not given: fetch it or pick it, then import again. */
export const pendingStackSchema = z.object({
  subject: z.string(),
  /** The file's key in `remoteFiles`: its raw address, or for an unknown host the repository's plus `#stackfile`. */
  url: z.string(),
  repository: z.string(),
  stackfile: z.string(),
  /** Whether `url` can be downloaded (a known host); otherwise the user downloads the file and picks it. */
  canFetch: z.boolean(),
});
export type PendingStack = z.infer<typeof pendingStackSchema>;

export const importReportSchema = z.object({
  format: z.enum(importFormats),
  templates: z.array(
    z.object({
      template: templateSchema,
      report: validationReportSchema,
      /** Where in the file it came from (`templates[3] (Nginx)`); empty when the file holds one app. */
      source: z.string().default(''),
      /** What was taken, changed or refused for this template: also in `items`, which holds everything. */
      items: z.array(importItemSchema).default([]),
    }),
  ),
  items: z.array(importItemSchema),
  errors: z.array(validationIssueSchema),
  pending: z.array(pendingStackSchema).optional(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const bundleFormat = 'hoster-template-bundle';
export const bundleVersion = 1;
export const templateBundleSchema = z.object({
  format: z.literal(bundleFormat),
  version: z.literal(bundleVersion),
  exported_at: z.string().optional(),
  template: z.object({ manifest: z.unknown(), compose: z.string().max(maxComposeBytes) }),
});
export type TemplateBundle = z.infer<typeof templateBundleSchema>;

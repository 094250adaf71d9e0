import { z } from 'zod';
import { method } from './define';
import { remoteFilesSchema } from './template-remote';
import { importFilesSchema, importZipSchema } from './import-files';
import {
  importFormats,
  importReportSchema,
  maxComposeBytes,
  semverSchema,
  templateManifestSchema,
  validationReportSchema,
} from './template-model';

export const templateSourceSchema = z.enum(['builtin', 'user', 'imported']);
export type TemplateSource = z.infer<typeof templateSourceSchema>;

/** A draft can change; a published version never does (an edit becomes a new draft); unpublished hides it from Browse. */
export const versionStatusSchema = z.enum(['draft', 'published', 'unpublished']);
export type VersionStatus = z.infer<typeof versionStatusSchema>;

export const templateSortSchema = z.enum(['name', 'newest', 'price']);
export type TemplateSort = z.infer<typeof templateSortSchema>;

/** Browse: every template with a published version, shown at its newest one. Mine: the templates you made or imported. */
export const templateScopeSchema = z.enum(['browse', 'mine']);
export type TemplateScope = z.infer<typeof templateScopeSchema>;

/** One card in the grid: a template at the version its scope shows. */
export const templateSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  source: templateSourceSchema,
  name: z.string(),
  version: z.string(),
  status: versionStatusSchema,
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  icon: z.string(),
  priceMonthlyCents: z.int().nonnegative(),
  hasDraft: z.boolean(),
  /** The version carries `policy:*` warnings: it gives a container some of the host. */
  isFlagged: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateVersionInfoSchema = z.object({
  version: z.string(),
  status: versionStatusSchema,
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type TemplateVersionInfo = z.infer<typeof templateVersionInfoSchema>;

export const templateUsageSchema = z.object({ id: z.string(), name: z.string(), version: z.string() });
export type TemplateUsage = z.infer<typeof templateUsageSchema>;

export const templateDetailSchema = z.object({
  summary: templateSummarySchema,
  /** Every version, newest first. */
  versions: z.array(templateVersionInfoSchema),
  /** The version asked for (or the one its summary shows), with its content and validation. */
  selected: z.object({
    version: z.string(),
    status: versionStatusSchema,
    manifest: templateManifestSchema,
    compose: z.string(),
    report: validationReportSchema,
  }),
  usedBy: z.array(templateUsageSchema),
  /** Built-ins ship with the app: they can be duplicated, never changed. */
  isReadOnly: z.boolean(),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

/** What the editor sends: the manifest is checked by the engine so every problem comes back at once. */
const templateDraftSchema = z.object({ manifest: z.unknown(), compose: z.string().max(maxComposeBytes) });
const templateRefSchema = z.object({ id: z.string().min(1).max(200) });
const versionRefSchema = templateRefSchema.extend({ version: semverSchema });

export const templateImportFormatSchema = z.enum(importFormats);
export type TemplateImportFormat = z.infer<typeof templateImportFormatSchema>;

export const templateListSchema = z.object({
  templates: z.array(templateSummarySchema),
  categories: z.array(z.string()),
});
export type TemplateList = z.infer<typeof templateListSchema>;

/** What an import reads: pasted or picked text in a format, or a folder or zip; and a Portainer list's stack files. */
export const importSourceFields = z.object({
  format: templateImportFormatSchema,
  text: z.string().max(4 * maxComposeBytes),
  /** The picked file's name (or folder's, or zip's): a compose file without a name of its own is named after it. */
  fileName: z.string().max(255).optional(),
  /** Stack files of a Portainer list, fetched from their repositories or picked (url → text). */
  remoteFiles: remoteFilesSchema.optional(),
  /** A folder's files, or a zip: the compose file is found among them by its usual names; `text` stays empty. */
  files: importFilesSchema.optional(),
  zip: importZipSchema.optional(),
});

/** A folder or a zip, never both, and never with text besides. */
export const withImportChecks = <S extends z.ZodType<{ text: string; files?: unknown; zip?: unknown }>>(
  schema: S,
): S =>
  schema
    .refine((input) => input.files === undefined || input.zip === undefined, 'send a folder or a zip, not both')
    .refine(
      (input) => (input.files ?? input.zip) === undefined || input.text === '',
      'with a folder or a zip, leave the text empty',
    );

const importInputSchema = withImportChecks(
  importSourceFields.extend({
    /** Which templates of `templates:import-preview` to save, by index; without it every savable one. */
    pick: z.array(z.int().nonnegative()).max(1000).optional(),
  }),
);

export const templatesMethods = {
  'templates:list': method(
    z.object({
      scope: templateScopeSchema.default('browse'),
      search: z.string().max(200).default(''),
      category: z.string().max(50).optional(),
      sort: templateSortSchema.default('name'),
    }),
    templateListSchema,
  ),
  'templates:get': method(versionRefSchema.partial({ version: true }), templateDetailSchema),
  'templates:validate': method(templateDraftSchema, validationReportSchema),
  'templates:create': method(templateDraftSchema, templateDetailSchema),
  /** Saves the draft; with no draft (the newest version is published) it starts a new draft version. */
  'templates:update': method(templateRefSchema.extend(templateDraftSchema.shape), templateDetailSchema),
  'templates:publish': method(versionRefSchema, templateDetailSchema),
  'templates:unpublish': method(versionRefSchema, templateDetailSchema),
  'templates:duplicate': method(versionRefSchema.partial({ version: true }), templateDetailSchema),
  'templates:delete': method(templateRefSchema, templateRefSchema),
  'templates:import': method(
    importInputSchema,
    z.object({ report: importReportSchema, created: z.array(templateSummarySchema) }),
  ),
  'templates:export': method(
    versionRefSchema.partial({ version: true }),
    z.object({ fileName: z.string(), text: z.string() }),
  ),
};

export const templatesEvents = {
  /** A template or one of its versions was created, changed or removed. */
  'templates:changed': z.object({ id: z.string(), isDeleted: z.boolean() }),
};

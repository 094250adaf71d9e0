import type { ImportReport, Template, ValidationReport } from '@shared/contract/template-model';
import type { RemoteFile } from '@shared/contract/template-remote';
import type { ImportFile } from '@shared/contract/import-files';
import type { TemplateImportFormat } from '@shared/contract/templates';

/** What one import reads: a file's text in a format or a folder, and a Portainer list's stack files (fetched or picked). */
export interface ImportSource {
  format: TemplateImportFormat;
  text: string;
  /** The picked file's name: a compose file without a name of its own is named after it. */
  fileName?: string;
  /** By the address the report's `pending` names. */
  remoteFiles?: readonly RemoteFile[];
  /** A folder's files or a zip instead of `text`: the compose file is found among them. */
  files?: ImportFile[];
  zip?: string;
}

/**
 * What the marketplace needs from the template engine (src/main/core/templates). Kept as a port so
 * the catalog's rules are tested with the real engine but never depend on how it is laid out.
 */
export interface TemplateEngine {
  /** Manifest and compose together; errors and warnings carry file, path and, where known, line:column. */
  validate(template: { manifest: unknown; compose: string }): ValidationReport;
  /** Every built-in template shipped in `dir`, plus what was wrong with the ones that could not be read. */
  loadCatalog(dir: string): Promise<{ templates: Template[]; problems: string[] }>;
  importText(source: ImportSource): ImportReport;
  exportBundle(template: Template): string;
}

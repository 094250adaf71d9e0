import type { ImportReport, Template, ValidationReport } from '@shared/contract/template-model';
import type { ImportFolder } from '@shared/contract/import-files';
import type { TemplateImportFormat } from '@shared/contract/templates';

/**
 * What the marketplace needs from the template engine (src/main/core/templates). Kept as a port so
 * the catalog's rules are tested with the real engine but never depend on how it is laid out.
 */
export interface TemplateEngine {
  /** Manifest and compose together; errors and warnings carry file, path and, where known, line:column. */
  validate(template: { manifest: unknown; compose: string }): ValidationReport;
  /** Every built-in template shipped in `dir`, plus what was wrong with the ones that could not be read. */
  loadCatalog(dir: string): Promise<{ templates: Template[]; problems: string[] }>;
  importText(format: TemplateImportFormat, text: string, fileName?: string): ImportReport;
  /** A compose file with the files it binds, from a folder's files or a zip. */
  importFolder(source: ImportFolder, fileName?: string): ImportReport;
  exportBundle(template: Template): string;
}

import type { ImportReport } from '@shared/contract/template-model';
import type { TemplateImportFormat } from '@shared/contract/templates';
import {
  exportTemplateBundle,
  importCasaOsApp,
  importCompose,
  importFolder,
  importPortainerTemplates,
  importTemplateBundle,
  loadBuiltInTemplates,
  validateTemplate,
} from '../templates';
import type { TemplateEngine } from './engine-port';

const importers: Record<TemplateImportFormat, (text: string, fileName?: string) => ImportReport> = {
  compose: (text, fileName) => importCompose(text, fileName === undefined ? {} : { fileName }),
  portainer: importPortainerTemplates,
  casaos: importCasaOsApp,
  bundle: importTemplateBundle,
};

const describeFailure = (failure: {
  directory: string;
  errors: { message: string; line?: number | undefined }[];
}): string =>
  `${failure.directory}: ${failure.errors.map((e) => (e.line === undefined ? e.message : `line ${e.line}: ${e.message}`)).join('; ')}`;

/** Binds the marketplace's engine port to the template engine in src/main/core/templates. */
export function createTemplateEngine(): TemplateEngine {
  return {
    validate: (template) => validateTemplate(template),
    loadCatalog: async (dir) => {
      const loaded = await loadBuiltInTemplates(dir);
      return {
        templates: loaded.templates.map((entry) => entry.template),
        problems: loaded.failures.map(describeFailure),
      };
    },
    importText: (format, text, fileName) => importers[format](text, fileName),
    importFolder: (source, fileName) => importFolder(source, fileName),
    exportBundle: (template) => exportTemplateBundle(template),
  };
}

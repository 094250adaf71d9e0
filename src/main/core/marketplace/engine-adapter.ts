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
import type { ImportSource, TemplateEngine } from './engine-port';

const importers: Record<TemplateImportFormat, (source: ImportSource) => ImportReport> = {
  compose: ({ text, fileName }) => importCompose(text, fileName === undefined ? {} : { fileName }),
  portainer: ({ text, remoteFiles }) =>
    importPortainerTemplates(text, remoteFiles === undefined ? {} : { remoteFiles }),
  casaos: ({ text }) => importCasaOsApp(text),
  bundle: ({ text }) => importTemplateBundle(text),
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
    importText: (source) => {
      if (source.files) return importFolder({ files: source.files }, source.fileName);
      if (source.zip !== undefined) return importFolder({ zip: source.zip }, source.fileName);
      return importers[source.format](source);
    },
    exportBundle: (template) => exportTemplateBundle(template),
  };
}

import type { ImportReport } from '@shared/contract/template-model';
import type { RemoteStacks } from '@shared/contract/template-remote';
import type { TemplateImportFormat } from '@shared/contract/templates';
import {
  exportTemplateBundle,
  importCasaOsApp,
  importCompose,
  importPortainerTemplates,
  importTemplateBundle,
  loadBuiltInTemplates,
  validateTemplate,
} from '../templates';
import type { TemplateEngine } from './engine-port';

type Importer = (text: string, fileName?: string, remote?: RemoteStacks) => ImportReport;

const importers: Record<TemplateImportFormat, Importer> = {
  compose: (text, fileName) => importCompose(text, fileName === undefined ? {} : { fileName }),
  portainer: (text, _fileName, remote) =>
    importPortainerTemplates(
      text,
      remote === undefined ? {} : { remoteFiles: remote.files, isRemoteOnly: remote.isOnly === true },
    ),
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
    importText: (format, text, fileName, remote) => importers[format](text, fileName, remote),
    exportBundle: (template) => exportTemplateBundle(template),
  };
}

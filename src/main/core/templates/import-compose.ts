import type { ImportReport, TemplateManifestInput } from '@shared/contract/template-model';
import { isDict, type Dict } from './compose-values';
import { convertBoundFiles, inlineConfigFiles, type BoundFolder } from './import-bound-files';
import { cleanUpCompose } from './import-cleanup';
import { convertSecretsAndConfigs } from './import-compose-files';
import {
  categoryFrom,
  categoryFromImages,
  displayName,
  imageRefsOf,
  imagesOf,
  estimateResources,
  guessPrimary,
  iconFor,
  slugify,
  tagsFrom,
} from './import-manifest';
import { guardImport, type ImportLog } from './import-report';
import { inferVariables, type VariableHint } from './import-variables';
import { issue } from './issues';
import { readYaml } from './safe-yaml';

export interface ComposeImportOptions {
  /** The file name, used for the template's name when the compose file has none. */
  fileName?: string;
  name?: string;
  description?: string;
  folder?: BoundFolder;
}

/** Everything an importer knows about the template besides the compose file itself. */
export interface ManifestDraft {
  name: string;
  description: string;
  categoryWords: string[];
  icon?: string;
  notes?: string;
  primary?: TemplateManifestInput['primary'];
  hints?: ReadonlyMap<string, VariableHint>;
  /** The files of the folder the compose file came in, for its relative binds. */
  folder?: BoundFolder;
}

/** The shared second half of every importer: fix the compose file, infer variables, build the manifest, validate. */
export function convertCompose(doc: Dict, draft: ManifestDraft, log: ImportLog): void {
  inlineConfigFiles(doc, draft.folder, log);
  const bound = convertBoundFiles(doc, draft.folder, log);
  cleanUpCompose(doc, log, bound.refused);
  const files = convertSecretsAndConfigs(doc, log);
  files.configFiles.unshift(...bound.configFiles);
  files.variables.unshift(...bound.variables);
  const inferred = inferVariables(doc, log, draft.hints);
  const declared = new Set([...inferred.variables, ...inferred.secrets].map((v) => v.name));
  const fromWords = categoryFrom(draft.categoryWords);
  const category = fromWords === 'other' ? categoryFromImages(imageRefsOf(doc)) : fromWords;
  const manifest: TemplateManifestInput = {
    name: displayName(draft.name),
    slug: slugify(draft.name),
    version: '1.0.0',
    description: draft.description.trim().slice(0, 2000) || `${displayName(draft.name)}, imported.`,
    category,
    tags: tagsFrom(['imported', ...draft.categoryWords]),
    icon: draft.icon ?? iconFor(category),
    price_monthly_cents: 0,
    resources: estimateResources(doc),
    variables: [...inferred.variables, ...files.variables.filter((v) => !declared.has(v.name))],
    secrets: [...inferred.secrets, ...files.secrets.filter((s) => !declared.has(s.name))],
    config_files: files.configFiles,
    notes: (draft.notes ?? '').slice(0, 10_000),
  };
  const primary = draft.primary ?? guessPrimary(doc);
  if (primary) manifest.primary = primary;
  log.add(manifest, doc);
}

const GENERIC_FILE = /^(docker-)?compose(\.[\w-]+)?$/i;

/** `…/static-site.yaml` → static-site; `…/nextcloud/docker-compose.yml` → nextcloud (its folder). */
function nameFromFile(fileName: string): string {
  const parts = fileName.split(/[\\/]/).filter((part) => part !== '');
  const base = (parts.pop() ?? '').replace(/\.(ya?ml)$/i, '');
  return GENERIC_FILE.test(base) ? (parts.pop() ?? '') : base;
}

/** The compose file's `name:`, else its file or folder name, else its main image (`ghcr.io/foo/bar:1` → bar). */
function composeName(doc: Dict, options: ComposeImportOptions): string {
  const own = typeof doc.name === 'string' && !doc.name.includes('$') ? doc.name : '';
  return options.name ?? (own || nameFromFile(options.fileName ?? '') || (imagesOf(doc)[0] ?? ''));
}

/**
 * Imports a plain docker-compose file: variables are inferred from its `${…}` (the app's own
 * passwords and keys become generated secrets, credentials of other services password variables the
 * user types: `import-credentials.ts`), and each change is reported.
 */
export function importCompose(text: string, options: ComposeImportOptions = {}): ImportReport {
  return guardImport('compose', (log) => {
    const read = readYaml(text, 'import');
    if (!read.ok)
      return log.fail(read.errors[0] ?? issue('import', 'import:unreadable', 'The file cannot be read.'));
    if (!isDict(read.value) || !isDict(read.value.services)) {
      return log.fail(
        issue('import', 'import:not-compose', 'This is not a compose file: it has no services.'),
      );
    }
    const doc = structuredClone(read.value);
    convertCompose(
      doc,
      {
        name: composeName(doc, options) || 'Imported app',
        description: options.description ?? `Imported from ${options.fileName ?? 'a compose file'}.`,
        categoryWords: [],
        ...(options.folder ? { folder: options.folder } : {}),
      },
      log,
    );
    return log.report;
  });
}

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  maxComposeBytes,
  type Template,
  type ValidationIssue,
  type ValidationReport,
} from '@shared/contract/template-model';
import { issue } from './issues';
import { readManifest } from './manifest-check';
import { validateTemplate } from './validate-template';

export const MANIFEST_FILE = 'template.yaml';
export const COMPOSE_FILE = 'compose.yaml';

export interface CatalogEntry {
  template: Template;
  report: ValidationReport;
}

export interface CatalogLoad {
  /** Templates that passed validation, sorted by slug. */
  templates: CatalogEntry[];
  /** Folders that did not, with why; a broken file never hides the rest of the catalog. */
  failures: { directory: string; errors: ValidationIssue[] }[];
}

async function readText(file: string): Promise<string | ValidationIssue> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return issue('import', 'catalog:missing-file', `${file} is not a file.`);
    if (info.size > maxComposeBytes)
      return issue('import', 'catalog:too-large', `${file} is larger than ${maxComposeBytes / 1024} KiB.`);
    return await readFile(file, 'utf8');
  } catch {
    return issue('import', 'catalog:missing-file', `${file} cannot be read.`);
  }
}

async function loadOne(directory: string, slug: string): Promise<CatalogEntry | ValidationIssue[]> {
  const [manifestText, compose] = await Promise.all([
    readText(join(directory, MANIFEST_FILE)),
    readText(join(directory, COMPOSE_FILE)),
  ]);
  const missing = [manifestText, compose].filter((r): r is ValidationIssue => typeof r !== 'string');
  if (typeof manifestText !== 'string' || typeof compose !== 'string') return missing;
  const report = validateTemplate({ manifest: manifestText, compose });
  const manifest = readManifest(manifestText).manifest;
  if (report.errors.length > 0 || !manifest) return report.errors;
  if (manifest.slug !== slug) {
    return [
      issue(
        'manifest',
        'catalog:slug-mismatch',
        `The slug "${manifest.slug}" differs from its folder name "${slug}".`,
        ['slug'],
      ),
    ];
  }
  return { template: { manifest, compose }, report };
}

/**
 * Loads the built-in catalog: one folder per template, named by its slug, holding `template.yaml`
 * (the manifest) and `compose.yaml`. Each template goes through the same validation as any other.
 */
export async function loadBuiltInTemplates(dir: string): Promise<CatalogLoad> {
  const result: CatalogLoad = { templates: [], failures: [] };
  let folders: string[];
  try {
    folders = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    result.failures.push({
      directory: dir,
      errors: [issue('import', 'catalog:missing-folder', `The catalog folder ${dir} cannot be read.`)],
    });
    return result;
  }
  const loaded = await Promise.all(
    folders.map(async (name) => ({ name, entry: await loadOne(join(dir, name), name) })),
  );
  for (const { name, entry } of loaded) {
    if (Array.isArray(entry)) result.failures.push({ directory: join(dir, name), errors: entry });
    else result.templates.push(entry);
  }
  return result;
}

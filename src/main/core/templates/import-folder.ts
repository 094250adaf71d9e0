import { posix } from 'node:path';
import type { ImportFile, ImportFolder } from '@shared/contract/import-files';
import type { ImportReport } from '@shared/contract/template-model';
import { importCompose } from './import-compose';
import { guardImport } from './import-report';
import { issue } from './issues';
import { readZip } from './zip-reader';

/** The names compose itself looks for, in its order of preference. */
export const composeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const refuse = (message: string): ImportReport =>
  guardImport('compose', (log) => log.fail(issue('import', 'import:folder', message)));

/** The one folder every path starts with (what a picked folder or most zips have), else ''. */
function commonRoot(paths: readonly string[]): string {
  const first = paths[0]?.split('/')[0] ?? '';
  return first !== '' && paths.every((p) => p.startsWith(`${first}/`)) ? first : '';
}

/** The shallowest file with a compose name, by compose's order of preference among equals. */
function findCompose(paths: readonly string[]): string | undefined {
  const depth = (path: string) => path.split('/').length;
  return paths
    .filter((path) => composeFileNames.includes(posix.basename(path)))
    .sort(
      (a, b) =>
        depth(a) - depth(b) ||
        composeFileNames.indexOf(posix.basename(a)) - composeFileNames.indexOf(posix.basename(b)),
    )[0];
}

/**
 * Imports a compose file with the files it binds: the compose file is found in the folder by the
 * names compose uses, relative binds are read from the folder around it (`import-bound-files.ts`),
 * and the template is named after the folder when the compose file has no `name:`.
 */
export function importComposeFolder(files: readonly ImportFile[], folderName?: string): ImportReport {
  const paths = files.map((f) => posix.normalize(f.path.replaceAll('\\', '/')));
  if (paths.some((p) => p.startsWith('../') || p.startsWith('/')))
    return refuse('A file of the folder lies outside it; choose the folder again.');
  const composePath = findCompose(paths);
  if (composePath === undefined)
    return refuse(
      `The folder has no compose file: looked for ${composeFileNames.join(', ')}. Choose the folder that holds one.`,
    );
  const compose = files[paths.indexOf(composePath)]?.content;
  if (compose === null || compose === undefined)
    return refuse(`${composePath} is not a text file of at most 64 KB; check it is the compose file.`);
  const base = posix.dirname(composePath);
  const folder = new Map<string, string | null>();
  files.forEach((file, index) => {
    const relative = posix.relative(base, paths[index] ?? '');
    if (relative !== posix.basename(composePath)) folder.set(relative, file.content);
  });
  const root = base === '.' ? commonRoot(paths) || (folderName ?? '') : posix.basename(base);
  return importCompose(compose, {
    fileName: root === '' ? composePath : `${root}/${posix.basename(composePath)}`,
    folder,
  });
}

/** A folder's files or a zip's, imported the same way; a zip that cannot be read safely imports nothing. */
export function importFolder(source: ImportFolder, fileName?: string): ImportReport {
  if ('files' in source) return importComposeFolder(source.files, fileName);
  const read = readZip(Buffer.from(source.zip, 'base64'));
  if (!read.ok) return refuse(read.error);
  return importComposeFolder(read.files, fileName?.replace(/\.zip$/i, ''));
}

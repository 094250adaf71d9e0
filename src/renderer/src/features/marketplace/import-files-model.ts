import { importFileLimits, type ImportFile, type ImportFolder } from '@shared/contract/import-files';

/** What a picked file offers: a File, or anything shaped like one in tests. */
export interface PickedFile {
  name: string;
  /** Its path inside the picked folder (`webkitRelativePath`), with the folder's name first. */
  webkitRelativePath: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A folder or zip ready to import, with what the dialog says about it. */
export interface PickedFolder {
  name: string;
  source: ImportFolder;
  summary: string;
}

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** Never the app's: version control and installed dependencies. */
const LEFT_OUT = /(^|\/)(\.git|node_modules)(\/|$)/;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or null when it is binary or larger than a config file (the core then says why). */
async function contentOf(file: PickedFile): Promise<string | null> {
  if (file.size > importFileLimits.maxFileChars * 4) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) return null;
  try {
    const text = decoder.decode(bytes);
    return text.length <= importFileLimits.maxFileChars ? text : null;
  } catch {
    return null;
  }
}

/** Reads a picked folder's files for import, or says in words why it cannot be imported. */
export async function readFolder(picked: readonly PickedFile[]): Promise<PickedFolder | string> {
  const kept = picked.filter((file) => !LEFT_OUT.test(file.webkitRelativePath || file.name));
  if (kept.length === 0) return 'The folder is empty.';
  if (kept.length > importFileLimits.maxFiles)
    return `The folder has ${kept.length} files (not counting .git and node_modules), more than ${importFileLimits.maxFiles}; choose the folder with just the compose file and what it binds.`;
  const files: ImportFile[] = [];
  let total = 0;
  for (const file of kept) {
    const content = await contentOf(file);
    total += content?.length ?? 0;
    if (total > importFileLimits.maxTotalChars)
      return `The folder holds more than ${importFileLimits.maxTotalChars / 1024 / 1024} MB of text; choose the folder with just the compose file and what it binds.`;
    files.push({ path: file.webkitRelativePath || file.name, content });
  }
  const compose = files.find((f) => COMPOSE_NAMES.includes(f.path.split('/').pop() ?? ''));
  if (!compose)
    return `The folder has no compose file: looked for ${COMPOSE_NAMES.join(', ')}. Choose the folder that holds one.`;
  const name = files[0]?.path.split('/')[0] ?? 'folder';
  const count = files.length === 1 ? '1 file' : `${files.length} files`;
  return { name, source: { files }, summary: `${name}: ${count}, with ${compose.path}` };
}

/** btoa over the bytes, a chunk at a time so a long zip does not overflow the argument list. */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/** Takes a zip as it is: the core reads it, with its own limits on what it unpacks. */
export async function readZipFile(file: PickedFile): Promise<PickedFolder | string> {
  if (!/\.zip$/i.test(file.name)) return `${file.name} is not a .zip file; choose a zip, or its folder.`;
  if (file.size > importFileLimits.maxZipBytes)
    return `${file.name} is larger than ${importFileLimits.maxZipBytes / 1024 / 1024} MB; zip just the compose file and what it binds.`;
  const zip = base64Of(new Uint8Array(await file.arrayBuffer()));
  return { name: file.name, source: { zip }, summary: `${file.name} (${Math.ceil(file.size / 1024)} KB)` };
}

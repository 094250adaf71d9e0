import { inflateRawSync } from 'node:zlib';
import { importFileLimits, type ImportFile } from '@shared/contract/import-files';

export type ZipRead = { ok: true; files: ImportFile[] } | { ok: false; error: string };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

class ZipProblem extends Error {}

const fail = (message: string): never => {
  throw new ZipProblem(message);
};

/** The end-of-central-directory record sits in the last 64 KB + 22 bytes (its comment is at most 64 KB). */
function findEnd(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at -= 1)
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  return fail('This is not a zip file (no central directory); choose a .zip made by a zip tool.');
}

/** Zip-slip: an entry must name a path inside the folder, whatever the tool that wrote it. */
function safePath(name: string): string {
  const path = name.replaceAll('\\', '/');
  if (/^(\/|[A-Za-z]:)/.test(path) || path.split('/').includes('..') || path.includes('\0'))
    fail(`The zip holds an entry outside its folder (${name.slice(0, 200)}); it was refused whole.`);
  return path;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Text, or null for bytes that are not UTF-8 text (NUL bytes, invalid sequences). */
function textOf(data: Buffer): string | null {
  if (data.includes(0)) return null;
  try {
    return decoder.decode(data);
  } catch {
    return null;
  }
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readDirectory(bytes: Buffer): Entry[] {
  const end = findEnd(bytes);
  const count = bytes.readUInt16LE(end + 10);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) fail('Zip64 archives are not read; make a smaller zip.');
  if (count > importFileLimits.maxZipEntries)
    fail(
      `The zip holds ${count} entries, more than ${importFileLimits.maxZipEntries}; zip just the compose file and what it binds.`,
    );
  const entries: Entry[] = [];
  let at = offset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY)
      fail('The zip is damaged (its directory is cut short).');
    const nameLength = bytes.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at = next;
  }
  return entries;
}

/** The entry's bytes, inflated no further than a config file's size: null when it is larger. */
function contentOf(bytes: Buffer, entry: Entry): Buffer | null {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER)
    fail(`The zip is damaged at ${entry.name}.`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) fail(`The zip is damaged at ${entry.name} (cut short).`);
  const limit = importFileLimits.maxFileChars * 4;
  if (entry.size > limit) return null;
  if (entry.method === STORED) return data;
  if (entry.method !== DEFLATED) return null;
  try {
    // maxOutputLength stops a bomb whose header lies about its size.
    return inflateRawSync(data, { maxOutputLength: limit });
  } catch {
    return null;
  }
}

/**
 * Reads a zip in memory into the files of an import: directories and macOS `__MACOSX` copies are
 * skipped, an entry outside the folder or an encrypted one refuses the whole zip, and what is
 * inflated is capped per entry and in all. An entry that is binary or larger than a config file
 * is kept by name with null content, so a bind of it can be refused with a reason.
 */
export function readZip(bytes: Buffer): ZipRead {
  try {
    if (bytes.length > importFileLimits.maxZipBytes)
      fail(`The zip is larger than ${importFileLimits.maxZipBytes / 1024 / 1024} MB.`);
    const files: ImportFile[] = [];
    let inflated = 0;
    for (const entry of readDirectory(bytes)) {
      const path = safePath(entry.name);
      if (path.endsWith('/') || path.startsWith('__MACOSX/')) continue;
      if ((entry.flags & 1) !== 0)
        fail(`The zip's entry ${path} is encrypted; make the zip without a password.`);
      const data = contentOf(bytes, entry);
      inflated += data?.length ?? 0;
      if (inflated > importFileLimits.maxInflatedBytes)
        fail(
          `The zip unpacks to more than ${importFileLimits.maxInflatedBytes / 1024 / 1024} MB; zip just the compose file and what it binds.`,
        );
      const text = data === null ? null : textOf(data);
      files.push({
        path,
        content: text !== null && text.length <= importFileLimits.maxFileChars ? text : null,
      });
    }
    return { ok: true, files };
  } catch (error) {
    if (error instanceof ZipProblem) return { ok: false, error: error.message };
    if (error instanceof RangeError)
      return { ok: false, error: 'The zip is damaged (an entry points past its end).' };
    throw error;
  }
}

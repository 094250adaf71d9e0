import { z } from 'zod';

/**
 * A folder or zip imported with its compose file: the files it binds become config files, so each
 * is bounded like one (64 KB of text) and the whole like a small project, not a data folder.
 */
export const importFileLimits = {
  /** Files sent from a picked folder (after `.git` and `node_modules` are left out). */
  maxFiles: 500,
  /** As much as a config file holds. */
  maxFileChars: 65_536,
  /** Below browser mode's 4 MB request body, with room for JSON's escapes. */
  maxTotalChars: 1.5 * 1024 * 1024,
  /** The zip file itself, before base64 (which adds a third: still below browser mode's 4 MB body). */
  maxZipBytes: 2 * 1024 * 1024,
  maxZipEntries: 2000,
  /** What reading the zip may inflate in all, whatever its headers claim. */
  maxInflatedBytes: 8 * 1024 * 1024,
} as const;

/** A path inside the folder, `/`-separated, never absolute and never leaving it. */
const relativePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (path) => !/^([/\\]|[A-Za-z]:)/.test(path) && !path.split(/[/\\]/).includes('..') && !path.includes('\0'),
    'must be a path inside the folder (no leading /, no ..)',
  );

export const importFileSchema = z.object({
  path: relativePathSchema,
  /** The text, or null when the file is binary or larger than a config file: it is named, not sent. */
  content: z.string().max(importFileLimits.maxFileChars).nullable(),
});
export type ImportFile = z.infer<typeof importFileSchema>;

export const importFilesSchema = z
  .array(importFileSchema)
  .min(1)
  .max(importFileLimits.maxFiles)
  .refine(
    (files) => files.reduce((sum, f) => sum + (f.content?.length ?? 0), 0) <= importFileLimits.maxTotalChars,
    `the files together must be at most ${importFileLimits.maxTotalChars / 1024 / 1024} MB of text; choose the folder with just the compose file and what it binds`,
  );

/** The zip's bytes in base64 (4 characters per 3 bytes). */
export const importZipSchema = z.base64().max(Math.ceil(importFileLimits.maxZipBytes / 3) * 4, {
  message: `the zip must be at most ${importFileLimits.maxZipBytes / 1024 / 1024} MB`,
});

/** Where an import's compose file comes from when it is not pasted text: a folder's files or a zip. */
export type ImportFolder = { files: ImportFile[] } | { zip: string };

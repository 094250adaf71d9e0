import { statfs } from 'node:fs/promises';
import { AppError } from '@shared/result';

export interface DiskSpace {
  totalBytes: number;
  freeBytes: number;
}

/** `df -Pk` prints one POSIX line per filesystem: name, 1K blocks, used, available, capacity, mount. */
export function parseDfOutput(output: string): DiskSpace | null {
  const line = output.trim().split('\n')[1];
  const fields = line?.trim().split(/\s+/) ?? [];
  const total = Number(fields[1]);
  const free = Number(fields[3]);
  if (fields.length < 6 || !Number.isFinite(total) || !Number.isFinite(free)) return null;
  return { totalBytes: total * 1024, freeBytes: free * 1024 };
}

export const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export async function localDiskSpace(path: string): Promise<DiskSpace> {
  const stats = await statfs(path);
  return { totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize };
}

/** Reads `df` output for a path, for servers without the SFTP statvfs extension. */
export function diskSpaceFromDf(path: string, result: { code: number | null; stdout: string; stderr: string }): DiskSpace {
  const parsed = result.code === 0 ? parseDfOutput(result.stdout) : null;
  if (!parsed) throw new AppError('unavailable', `df could not read ${path}: ${result.stderr.trim() || `exit code ${String(result.code)}`}`);
  return parsed;
}

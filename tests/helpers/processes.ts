/** Processes a test started, and the ones they started, found under /proc and stopped by pid. */
import { readFileSync, readdirSync } from 'node:fs';

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const parentOf = (pid: number) => {
  try {
    return /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
};

export const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => parentOf(candidate) === String(pid));

export const descendantsOf = (pid: number): number[] =>
  childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);

/** The program a process runs (its `comm`), or '' once it is gone. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Waits up to `ms` for every pid to be gone; returns the ones still alive. */
export async function waitForExit(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(isAlive);
}

/**
 * Waits up to `ms` until none of this process's descendants runs `command` for `quietMs` on end: the
 * background work that runs it in steps (one program after another) is over.
 */
export async function waitForQuiet(command: string, ms: number, quietMs = 500): Promise<boolean> {
  const deadline = Date.now() + ms;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (descendantsOf(process.pid).some((pid) => commandOf(pid) === command)) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

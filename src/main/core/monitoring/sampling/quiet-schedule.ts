/** A quiet container is read at most this seldom (or at its normal interval, if that is longer). */
export const QUIET_CEILING_MS = 5 * 60_000;
/** CPU within this many percentage points of the reference counts as unchanged. */
export const CPU_BAND_POINTS = 2;
/** Memory within this share of the reference counts as unchanged. */
export const MEMORY_BAND = 0.05;
const MAX_STEPS = 16;

export interface Figures {
  cpuPercent: number | null;
  memoryBytes: number | null;
}

interface Entry {
  reference: Figures;
  steps: number;
}

const isSameCpu = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= CPU_BAND_POINTS;

const isSameMemory = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= MEMORY_BAND * Math.max(a, 1);

/**
 * Which background containers are quiet, and how seldom to read them: every stats reading within
 * the band of the last change doubles the interval, up to the ceiling; a change, a new log line or
 * coming on screen brings it back to the normal interval at once.
 */
export function createQuietSchedule() {
  const entries = new Map<string, Entry>();
  return {
    /**
     * A stats reading: one more quiet step when it matches the reference, else back to the normal
     * rate. True when it woke a container that was backed off.
     */
    observe(containerId: string, figures: Figures): boolean {
      const entry = entries.get(containerId);
      const isQuiet =
        entry !== undefined &&
        isSameCpu(entry.reference.cpuPercent, figures.cpuPercent) &&
        isSameMemory(entry.reference.memoryBytes, figures.memoryBytes);
      if (entry && isQuiet) {
        entry.steps = Math.min(entry.steps + 1, MAX_STEPS);
        return false;
      }
      entries.set(containerId, { reference: { ...figures }, steps: 0 });
      return (entry?.steps ?? 0) > 0;
    },
    /** New log lines, or the container came on screen: the normal rate from now on. True when it was backed off. */
    wake(containerId: string): boolean {
      const entry = entries.get(containerId);
      if (!entry || entry.steps === 0) return false;
      entry.steps = 0;
      return true;
    },
    forget(containerId: string): void {
      entries.delete(containerId);
    },
    /** The interval for this container: the normal one doubled per quiet step, up to the ceiling. */
    every(containerId: string, normalMs: number): number {
      const steps = entries.get(containerId)?.steps ?? 0;
      return Math.min(normalMs * 2 ** steps, Math.max(normalMs, QUIET_CEILING_MS));
    },
    /** How many containers are read less often than normal now. */
    quietCount(): number {
      let count = 0;
      for (const entry of entries.values()) if (entry.steps > 0) count += 1;
      return count;
    },
  };
}

export type QuietSchedule = ReturnType<typeof createQuietSchedule>;

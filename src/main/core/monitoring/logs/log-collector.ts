import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { nanoOfIso, sinceOfNano } from '../events/docker-event';
import type { ContainerRepository, ContainerSnapshot } from '../store/container-repository';
import { trimLogs, type LogRepository, type NewLogLine } from '../store/log-repository';
import { microsOf } from './log-decoder';
import { readContainerLogs, type LogRead } from './log-reader';

/** Lines one container may add per second of wall time; a faster service has the excess skipped (and marked). */
export const MAX_LINES_PER_SECOND = 5000;
const MAX_TAIL = 50_000;
const MIN_TAIL = 1000;
/** Lines per transaction: the event loop gets a turn between batches, so the app stays responsive. */
const BATCH = 2000;
/**
 * Docker writes stdout and stderr from two goroutines, each stamping its own lines, so the log file
 * is not strictly in time order: each read starts this far before the newest stored line, and what
 * it brings again is recognised in the store and skipped.
 */
const OVERLAP_NS = 2_000_000_000n;

export interface LogLimits {
  maxBytes: number;
  maxAgeMs: number;
}

const keyOf = (line: { stream: number; atUs: number; text: string }) =>
  `${String(line.stream)}|${String(line.atUs)}|${line.text}`;

interface CollectorDeps {
  db: Database;
  logs: LogRepository;
  containers: ContainerRepository;
  clock: Clock;
  limits: () => LogLimits;
}

type Candidate = NewLogLine & { ts: string };
type StoreBatch = (lines: NewLogLine[], containerId: string, cursor: string | null) => void;

/** How many lines to ask for: what the container wrote last time, doubled, within its allowance since then. */
function tailFor(previous: { entries: number; at: number } | undefined, now: number): number {
  const seconds = previous ? Math.max(1, (now - previous.at) / 1000) : 60;
  const ceiling = Math.min(MAX_TAIL, Math.max(MIN_TAIL, Math.round(MAX_LINES_PER_SECOND * seconds)));
  return Math.min(ceiling, Math.max(MIN_TAIL, 2 * (previous?.entries ?? 0) + 500));
}

/** The lines read, less those at or before the cursor that the store already holds. */
function newLines(
  logs: LogRepository,
  snapshot: ContainerSnapshot,
  read: LogRead,
  cursor: string | null,
): Candidate[] {
  const containerId = snapshot.containerId.slice(0, 12);
  const base = { deploymentId: snapshot.deploymentId, service: snapshot.service, containerId };
  const candidates = read.entries.map((entry) => ({
    ...base,
    stream: entry.stream,
    atUs: microsOf(entry.ts),
    text: entry.text,
    ts: entry.ts,
  }));
  const overlap = cursor === null ? [] : candidates.filter((line) => line.ts <= cursor);
  const stored = new Map<string, number>();
  if (overlap.length > 0 && cursor !== null) {
    const from = overlap.reduce((min, line) => Math.min(min, line.atUs), Number.POSITIVE_INFINITY);
    for (const key of logs.storedKeys(snapshot.deploymentId, containerId, from, microsOf(cursor)))
      stored.set(key, (stored.get(key) ?? 0) + 1);
  }
  return candidates.filter((line) => {
    if (cursor === null || line.ts > cursor) return true;
    const left = stored.get(keyOf(line)) ?? 0;
    if (left > 0) stored.set(keyOf(line), left - 1);
    return left === 0;
  });
}

/** A flooding service had lines skipped before these: a line says so, just before the first kept. */
function markGap(
  lines: Candidate[],
  snapshot: ContainerSnapshot,
  read: LogRead,
  cursor: string | null,
  tail: number,
) {
  const first = lines[0];
  const hasGapBefore =
    read.entriesSeen >= tail && read.firstTs !== null && (cursor === null || read.firstTs > cursor);
  if (!hasGapBefore || !first) return;
  const text = `⋯ Earlier lines were skipped: ${snapshot.service} wrote more than ${tail} lines between two reads (Hoster keeps up to ${MAX_LINES_PER_SECOND} lines a second per container).`;
  const { deploymentId, service, containerId } = first;
  lines.unshift({ deploymentId, service, containerId, stream: 1, atUs: first.atUs - 1, text, ts: first.ts });
}

/** Stores the lines in batches, each with the cursor it reaches, yielding to the event loop between them. */
async function storeInBatches(
  store: StoreBatch,
  snapshot: ContainerSnapshot,
  lines: Candidate[],
): Promise<void> {
  let newest = snapshot.logCursor;
  for (let start = 0; start < lines.length; start += BATCH) {
    const batch = lines.slice(start, start + BATCH);
    for (const line of batch) if (newest === null || line.ts > newest) newest = line.ts;
    store(
      batch.map(({ ts: _ts, ...line }) => line),
      snapshot.containerId,
      newest,
    );
    snapshot.logCursor = newest;
    if (start + BATCH < lines.length) await yieldToLoop();
  }
}

/**
 * Collects a container's new lines, stores them with its deployment and service (so a recreated
 * container continues the same history) and moves the cursor in the same transaction as the lines:
 * a crash in between neither loses nor repeats a line.
 */
export function createLogCollector(deps: CollectorDeps) {
  const lastRead = new Map<string, { entries: number; at: number }>();
  const store: StoreBatch = deps.db.transaction(
    (lines: NewLogLine[], containerId: string, cursor: string | null) => {
      deps.logs.insert(lines);
      if (cursor) deps.containers.setCursor(containerId, cursor);
    },
  );

  return {
    async collect(
      docker: Docker,
      snapshot: ContainerSnapshot,
      signal: AbortSignal,
    ): Promise<{ count: number; lastAtUs: number } | null> {
      const now = deps.clock.now().getTime();
      const tail = tailFor(lastRead.get(snapshot.containerId), now);
      const cursor = snapshot.logCursor;
      const since = cursor === null ? null : sinceOfNano(nanoOfIso(cursor) - OVERLAP_NS);
      const read = await readContainerLogs(docker, {
        containerId: snapshot.containerId,
        isTty: snapshot.isTty,
        since,
        tail,
        signal,
      });
      lastRead.set(snapshot.containerId, { entries: read.entriesSeen, at: now });
      const lines = newLines(deps.logs, snapshot, read, cursor);
      if (lines.length === 0) return null;
      markGap(lines, snapshot, read, cursor, tail);
      await storeInBatches(store, snapshot, lines);
      const limits = deps.limits();
      await trimLogs(deps.logs, snapshot.deploymentId, limits.maxBytes, (now - limits.maxAgeMs) * 1000);
      return { count: lines.length, lastAtUs: lines.reduce((max, line) => Math.max(max, line.atUs), 0) };
    },
    forget: (containerId: string) => lastRead.delete(containerId),
  };
}

export type LogCollector = ReturnType<typeof createLogCollector>;

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { LogLine, LogStream } from '@shared/contract/monitoring';
import { useAppStore } from '../../store';
import type { LogsQuery } from '../../store/monitoring-slice';
import { errorViewOf } from '../../store/slice';

/** Lines fetched per request, aligned to multiples of it. */
export const BLOCK = 250;
/** Rows kept in memory at most; the ones farthest from the viewport go first. */
const MAX_CACHED = 20_000;

export interface LogFilterState {
  deploymentId: string;
  services: string[];
  streams: LogStream[];
  search: string;
}

interface Cached {
  line: LogLine;
  fetchedAt: number;
}

/** What the hook keeps between renders: the rows, what is being fetched, and which answers still count. */
interface RowSession {
  rows: Map<number, Cached>;
  inFlight: Set<number>;
  /** Rows fetched before this instant are shown but fetched again (new lines arrived). */
  staleBefore: number;
  /** Bumped on every reload, so an answer to an older one is dropped. */
  generation: number;
  loadedKey: string;
  visible: { first: number; last: number };
}

const newSession = (): RowSession => ({
  rows: new Map(),
  inFlight: new Set(),
  staleBefore: 0,
  generation: 0,
  loadedKey: '',
  visible: { first: 0, last: 0 },
});

const queryOf = (filterKey: string, offset: number | null, withTotal: boolean): LogsQuery => {
  const [deploymentId, services, streams, search] = JSON.parse(filterKey) as [
    string,
    string[],
    LogStream[],
    string,
  ];
  return { deploymentId, services, streams, search, offset, limit: BLOCK, withTotal };
};

/** Keeps fetched lines, dropping those farthest from the viewport past MAX_CACHED; re-renders on change. */
function useRowStore(sessionRef: RefObject<RowSession>) {
  const [, setVersion] = useState(0);
  return useCallback(
    (offset: number, lines: LogLine[]) => {
      const { rows, visible } = sessionRef.current;
      const now = performance.now();
      lines.forEach((line, i) => rows.set(offset + i, { line, fetchedAt: now }));
      if (rows.size > MAX_CACHED) {
        const { first, last } = visible;
        const far = [...rows.keys()].sort(
          (a, b) => Math.max(first - b, b - last) - Math.max(first - a, a - last),
        );
        for (const index of far.slice(0, rows.size - MAX_CACHED / 2)) rows.delete(index);
      }
      setVersion((v) => v + 1);
    },
    [sessionRef],
  );
}

/** Whether the block starting at `start` needs fetching: not cached since the latest lines, nor on its way. */
const needsFetch = (session: RowSession, block: number, total: number) => {
  const start = block * BLOCK;
  const cached = session.rows.get(start) ?? session.rows.get(Math.min(start + BLOCK, total) - 1);
  const isFresh = cached !== undefined && cached.fetchedAt >= session.staleBefore;
  return !isFresh && !session.inFlight.has(block);
};

/**
 * The rows a virtualised viewer shows, fetched a block at a time around what is visible and kept
 * in a bounded cache. New lines (a bumped revision) refresh the total and the tail at once and
 * the visible blocks in the background, so nothing on screen blanks while it reloads.
 */
export function useLogRows(filter: LogFilterState) {
  const fetchLogs = useAppStore((s) => s.fetchLogs);
  const revision = useAppStore((s) => s.logsRevision[filter.deploymentId] ?? 0);
  const [answer, setAnswer] = useState<{ key: string; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessionRef = useRef<RowSession>(newSession());
  const store = useRowStore(sessionRef);
  const { deploymentId, services, streams, search } = filter;
  const filterKey = JSON.stringify([deploymentId, services, streams, search]);
  const total = answer?.key === filterKey ? answer.total : null;

  useEffect(() => {
    const session = sessionRef.current;
    const own = ++session.generation;
    if (session.loadedKey !== filterKey) {
      session.rows.clear();
      session.inFlight.clear();
      session.loadedKey = filterKey;
    }
    session.staleBefore = performance.now();
    fetchLogs(queryOf(filterKey, null, true)).then(
      (page) => {
        if (own !== session.generation) return;
        setError(null);
        setAnswer({ key: filterKey, total: page.total ?? 0 });
        store(page.offset, page.lines);
      },
      (failure: unknown) => setError(errorViewOf(failure).message),
    );
  }, [filterKey, revision, fetchLogs, store]);

  /** Fetches the blocks of [first, last] that are missing or older than the latest lines. */
  const ensure = useCallback(
    (first: number, last: number) => {
      const session = sessionRef.current;
      session.visible = { first, last };
      if (total === null) return;
      const own = session.generation;
      for (let block = Math.floor(first / BLOCK); block * BLOCK <= Math.min(last, total - 1); block += 1) {
        if (!needsFetch(session, block, total)) continue;
        session.inFlight.add(block);
        fetchLogs(queryOf(filterKey, block * BLOCK, false))
          .then((page) => {
            if (own === session.generation) store(page.offset, page.lines);
          })
          // A block that fails stays missing and is asked for again on the next scroll.
          .catch(() => undefined)
          .finally(() => session.inFlight.delete(block));
      }
    },
    [fetchLogs, filterKey, store, total],
  );

  const rowAt = useCallback(
    (index: number): LogLine | undefined => sessionRef.current.rows.get(index)?.line,
    [],
  );
  return { total, error, rowAt, ensure };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLine, LogStream } from '@shared/contract/monitoring';
import { useAppStore } from '../../store';

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
  const [, setVersion] = useState(0);
  const rows = useRef(new Map<number, Cached>());
  const inFlight = useRef(new Set<number>());
  const staleBefore = useRef(0);
  const generation = useRef(0);
  const loadedKey = useRef('');
  const visible = useRef({ first: 0, last: 0 });
  const { deploymentId, services, streams, search } = filter;
  const filterKey = JSON.stringify([deploymentId, services, streams, search]);
  const total = answer?.key === filterKey ? answer.total : null;

  const store = useCallback((offset: number, lines: LogLine[]) => {
    const now = performance.now();
    lines.forEach((line, i) => rows.current.set(offset + i, { line, fetchedAt: now }));
    if (rows.current.size > MAX_CACHED) {
      const { first, last } = visible.current;
      const far = [...rows.current.keys()].sort(
        (a, b) => Math.max(first - b, b - last) - Math.max(first - a, a - last),
      );
      for (const index of far.slice(0, rows.current.size - MAX_CACHED / 2)) rows.current.delete(index);
    }
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    const own = ++generation.current;
    if (loadedKey.current !== filterKey) {
      rows.current.clear();
      inFlight.current.clear();
      loadedKey.current = filterKey;
    }
    staleBefore.current = performance.now();
    const query = JSON.parse(filterKey) as [string, string[], LogStream[], string];
    fetchLogs({
      deploymentId: query[0],
      services: query[1],
      streams: query[2],
      search: query[3],
      offset: null,
      limit: BLOCK,
      withTotal: true,
    }).then(
      (page) => {
        if (own !== generation.current) return;
        setError(null);
        setAnswer({ key: filterKey, total: page.total ?? 0 });
        store(page.offset, page.lines);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [filterKey, revision, fetchLogs, store]);

  /** Fetches the blocks of [first, last] that are missing or older than the latest lines. */
  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = { first, last };
      if (total === null) return;
      const own = generation.current;
      const query = JSON.parse(filterKey) as [string, string[], LogStream[], string];
      for (let block = Math.floor(first / BLOCK); block * BLOCK <= Math.min(last, total - 1); block += 1) {
        const start = block * BLOCK;
        const cached = rows.current.get(start) ?? rows.current.get(Math.min(start + BLOCK, total) - 1);
        const isFresh = cached !== undefined && cached.fetchedAt >= staleBefore.current;
        if (isFresh || inFlight.current.has(block)) continue;
        inFlight.current.add(block);
        fetchLogs({
          deploymentId: query[0],
          services: query[1],
          streams: query[2],
          search: query[3],
          offset: start,
          limit: BLOCK,
          withTotal: false,
        })
          .then((page) => {
            if (own === generation.current) store(page.offset, page.lines);
          })
          .catch(() => undefined)
          .finally(() => inFlight.current.delete(block));
      }
    },
    [fetchLogs, filterKey, store, total],
  );

  const rowAt = useCallback((index: number): LogLine | undefined => rows.current.get(index)?.line, []);
  return { total, error, rowAt, ensure };
}

import type { StateCreator } from 'zustand';
import type { ApiClient } from '@shared/api-client';
import { isAppError, type ErrorCode } from '@shared/result';
import type { AppState } from './index';

/** Every feature slice is built around the injected api; none reaches for `window`. */
export type SliceCreator<Slice> = (api: ApiClient) => StateCreator<AppState, [], [], Slice>;

/** The setter and getter a slice creator receives, for helpers that build part of a slice. */
export type SliceSet = Parameters<StateCreator<AppState>>[0];
export type SliceGet = Parameters<StateCreator<AppState>>[1];

/** A failure as a view keeps it: the code to react to and the message to show. */
export interface ErrorView {
  code: ErrorCode;
  message: string;
}

/** Keeps an AppError's code; anything else thrown is `internal`. */
export const errorViewOf = (error: unknown): ErrorView => {
  if (isAppError(error)) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
};

/**
 * One subscription however many views watch: `subscribe` runs for the first watcher and its
 * unsubscribe once the last one stops; a watcher's stop may be called twice.
 */
export function createSharedWatch(subscribe: () => () => void): () => () => void {
  let watchers = 0;
  let unsubscribe: (() => void) | null = null;
  return () => {
    watchers += 1;
    unsubscribe ??= subscribe();
    let isWatching = true;
    return () => {
      if (!isWatching) return;
      isWatching = false;
      watchers -= 1;
      if (watchers > 0) return;
      unsubscribe?.();
      unsubscribe = null;
    };
  };
}

/** The record without `key`; the same object when it had none, so selectors see no change. */
export function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/**
 * `run` at most once per `gapMs`: the first call runs at once, calls within the gap are folded into
 * one run at its end (so the last change is never missed), and `cancel` drops a pending one.
 */
export function throttleTrailing(run: () => void, gapMs: number): { (): void; cancel: () => void } {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    lastRun = Date.now();
    run();
  };
  const call = () => {
    if (timer !== null) return;
    const wait = lastRun + gapMs - Date.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  call.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return call;
}

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

import type { StateCreator } from 'zustand';
import type { ApiClient } from '@shared/api-client';
import type { AppState } from './index';

/** Every feature slice is built around the injected api; none reaches for `window`. */
export type SliceCreator<Slice> = (api: ApiClient) => StateCreator<AppState, [], [], Slice>;

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

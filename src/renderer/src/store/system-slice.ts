import type { SystemInfo } from '@shared/contract/system';
import { errorViewOf, type ErrorView, type SliceCreator } from './slice';

export interface SystemSlice {
  systemInfo: SystemInfo | null;
  systemError: ErrorView | null;
  loadSystemInfo: () => Promise<void>;
}

export const createSystemSlice: SliceCreator<SystemSlice> = (api) => (set) => ({
  systemInfo: null,
  systemError: null,
  loadSystemInfo: async () => {
    try {
      set({ systemInfo: await api['system:info']({}), systemError: null });
    } catch (error) {
      set({ systemError: errorViewOf(error) });
    }
  },
});

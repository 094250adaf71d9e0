import type { Settings, SettingsPatch } from '@shared/contract/settings';
import { errorViewOf, type ErrorView, type SliceCreator } from './slice';

export interface SettingsSlice {
  settings: Settings | null;
  settingsError: ErrorView | null;
  loadSettings: () => Promise<void>;
  updateSettings: (patch: SettingsPatch) => Promise<void>;
  /** Kept in step with changes made elsewhere (another window, a worker). */
  watchSettings: () => () => void;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set) => ({
  settings: null,
  settingsError: null,
  loadSettings: async () => {
    try {
      set({ settings: await api['settings:get']({}), settingsError: null });
    } catch (error) {
      set({ settingsError: errorViewOf(error) });
    }
  },
  updateSettings: async (patch) => {
    try {
      set({ settings: await api['settings:update'](patch), settingsError: null });
    } catch (error) {
      set({ settingsError: errorViewOf(error) });
    }
  },
  watchSettings: () => api.on('settings:changed', (settings) => set({ settings })),
});

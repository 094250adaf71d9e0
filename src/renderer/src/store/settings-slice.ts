import type { Settings, SettingsPatch } from '@shared/contract/settings';
import { messageOf, type SliceCreator } from './slice';

export interface SettingsSlice {
  settings: Settings | null;
  settingsError: string | null;
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
      set({ settingsError: messageOf(error) });
    }
  },
  updateSettings: async (patch) => {
    try {
      set({ settings: await api['settings:update'](patch), settingsError: null });
    } catch (error) {
      set({ settingsError: messageOf(error) });
    }
  },
  watchSettings: () => api.on('settings:changed', (settings) => set({ settings })),
});

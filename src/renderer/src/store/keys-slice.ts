import type { SshKey } from '@shared/contract/keys';
import { errorViewOf, type ErrorView, type SliceCreator } from './slice';

export interface KeysSlice {
  keys: SshKey[] | null;
  keysError: ErrorView | null;
  loadKeys: () => Promise<void>;
  watchKeys: () => () => void;
  /** These throw the AppError, so the form that called them can show it next to its fields. */
  generateKey: (name: string, type: 'ed25519' | 'rsa') => Promise<SshKey>;
  importKey: (name: string, privateKey: string, passphrase?: string) => Promise<SshKey>;
  renameKey: (id: string, name: string) => Promise<void>;
  deleteKey: (id: string) => Promise<void>;
}

export const createKeysSlice: SliceCreator<KeysSlice> = (api) => (set, get) => {
  const refresh = async () => set({ keys: await api['keys:list']({}), keysError: null });
  return {
    keys: null,
    keysError: null,
    loadKeys: async () => {
      try {
        await refresh();
      } catch (error) {
        set({ keysError: errorViewOf(error) });
      }
    },
    watchKeys: () => api.on('keys:changed', (keys) => set({ keys })),
    generateKey: async (name, type) => {
      const key = await api['keys:generate']({ name, type });
      await refresh();
      return key;
    },
    importKey: async (name, privateKey, passphrase) => {
      const key = await api['keys:import']({ name, privateKey, ...(passphrase ? { passphrase } : {}) });
      await refresh();
      return key;
    },
    renameKey: async (id, name) => {
      await api['keys:rename']({ id, name });
      await refresh();
    },
    deleteKey: async (id) => {
      await api['keys:delete']({ id });
      set({ keys: (get().keys ?? []).filter((key) => key.id !== id) });
    },
  };
};

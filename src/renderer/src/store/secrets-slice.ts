import type { SecretsStatus } from '@shared/contract/vault';
import { errorViewOf, type ErrorView, type SliceCreator } from './slice';

export interface SecretsSlice {
  secretsStatus: SecretsStatus | null;
  secretsError: ErrorView | null;
  loadSecretsStatus: () => Promise<void>;
  watchSecrets: () => () => void;
  /** Throw the AppError (a wrong passphrase), for the form to show. */
  createVault: (passphrase: string) => Promise<void>;
  unlockVault: (passphrase: string) => Promise<void>;
  lockVault: () => Promise<void>;
}

export const createSecretsSlice: SliceCreator<SecretsSlice> = (api) => (set) => ({
  secretsStatus: null,
  secretsError: null,
  loadSecretsStatus: async () => {
    try {
      set({ secretsStatus: await api['vault:status']({}), secretsError: null });
    } catch (error) {
      set({ secretsError: errorViewOf(error) });
    }
  },
  watchSecrets: () => api.on('vault:changed', (secretsStatus) => set({ secretsStatus })),
  createVault: async (passphrase) => set({ secretsStatus: await api['vault:create']({ passphrase }) }),
  unlockVault: async (passphrase) => set({ secretsStatus: await api['vault:unlock']({ passphrase }) }),
  lockVault: async () => set({ secretsStatus: await api['vault:lock']({}) }),
});

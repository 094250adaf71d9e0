import type { RegistryLogin } from '@shared/contract/registries';
import { errorViewOf, type ErrorView, type SliceCreator } from './slice';

export interface RegistryLoginInput {
  host: string;
  username: string;
  password: string;
  /** The node whose engine logs in first; nothing is saved when the registry refuses. */
  verifyOnNodeId?: string;
}

export interface RegistriesSlice {
  registryLogins: RegistryLogin[] | null;
  registryLoginsError: ErrorView | null;
  loadRegistryLogins: () => Promise<void>;
  watchRegistryLogins: () => () => void;
  /** These throw the AppError, so the form or button that called them can show it in place. */
  saveRegistryLogin: (input: RegistryLoginInput) => Promise<RegistryLogin>;
  deleteRegistryLogin: (id: string) => Promise<void>;
}

export const createRegistriesSlice: SliceCreator<RegistriesSlice> = (api) => (set, get) => ({
  registryLogins: null,
  registryLoginsError: null,
  loadRegistryLogins: async () => {
    try {
      set({ registryLogins: await api['registries:list']({}), registryLoginsError: null });
    } catch (error) {
      set({ registryLoginsError: errorViewOf(error) });
    }
  },
  watchRegistryLogins: () => api.on('registries:changed', (registryLogins) => set({ registryLogins })),
  saveRegistryLogin: async (input) => {
    const login = await api['registries:save'](input);
    const others = (get().registryLogins ?? []).filter((l) => l.id !== login.id);
    set({ registryLogins: [...others, login].sort((a, b) => a.host.localeCompare(b.host)) });
    return login;
  },
  deleteRegistryLogin: async (id) => {
    await api['registries:delete']({ id });
    set({ registryLogins: (get().registryLogins ?? []).filter((login) => login.id !== id) });
  },
});

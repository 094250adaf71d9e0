import Store from 'electron-store';
import type { SettingsStore } from '../core/settings/settings-store';

/** Desktop settings live in electron-store's file in userData; the core validates them with the contract schema. */
export function createElectronSettingsStore(): SettingsStore {
  // Owner-only, like everything else in the data folder (see core/db/data-folder.ts).
  const store = new Store<{ settings: unknown }>({
    name: 'settings',
    defaults: { settings: {} },
    configFileMode: 0o600,
  });
  return {
    read: () => store.get('settings'),
    write: (value) => store.set('settings', value),
  };
}

import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiClient } from '@shared/api-client';
import { createBackupsSlice, type BackupsSlice } from './backups-slice';
import { createBillingSlice, type BillingSlice } from './billing-slice';
import { createCloudSlice, type CloudSlice } from './cloud-slice';
import { createDeploymentsSlice, type DeploymentsSlice } from './deployments-slice';
import { createDomainsSlice, type DomainsSlice } from './domains-slice';
import { createHomeSlice, type HomeSlice } from './home-slice';
import { createKeysSlice, type KeysSlice } from './keys-slice';
import { createMarketplaceSlice, type MarketplaceSlice } from './marketplace-slice';
import { createMonitoringSlice, type MonitoringSlice } from './monitoring-slice';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice';
import { createNodesSlice, type NodesSlice } from './nodes-slice';
import { createRegistriesSlice, type RegistriesSlice } from './registries-slice';
import { createSecretsSlice, type SecretsSlice } from './secrets-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSystemSlice, type SystemSlice } from './system-slice';

export type AppState = NavigationSlice &
  SystemSlice &
  SettingsSlice &
  MarketplaceSlice &
  DeploymentsSlice &
  DomainsSlice &
  BackupsSlice &
  BillingSlice &
  KeysSlice &
  RegistriesSlice &
  NodesSlice &
  SecretsSlice &
  MonitoringSlice &
  HomeSlice &
  CloudSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(api: ApiClient): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createNavigationSlice(api)(...args),
    ...createSystemSlice(api)(...args),
    ...createSettingsSlice(api)(...args),
    ...createMarketplaceSlice(api)(...args),
    ...createDeploymentsSlice(api)(...args),
    ...createDomainsSlice(api)(...args),
    ...createBackupsSlice(api)(...args),
    ...createBillingSlice(api)(...args),
    ...createKeysSlice(api)(...args),
    ...createRegistriesSlice(api)(...args),
    ...createNodesSlice(api)(...args),
    ...createSecretsSlice(api)(...args),
    ...createMonitoringSlice(api)(...args),
    ...createHomeSlice(api)(...args),
    ...createCloudSlice(api)(...args),
  }));
}

export const StoreContext = createContext<{ store: AppStore; api: ApiClient } | null>(null);

const useContextValue = () => {
  const value = useContext(StoreContext);
  if (!value) throw new Error('useAppStore must be used inside <StoreContext.Provider>');
  return value;
};

/** Select the narrowest value a component needs, so it re-renders only when that changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useContextValue().store, selector);
}

export const useApi = (): ApiClient => useContextValue().api;

import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiClient } from '@shared/api-client';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSystemSlice, type SystemSlice } from './system-slice';

export type AppState = NavigationSlice & SystemSlice & SettingsSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(api: ApiClient): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createNavigationSlice(api)(...args),
    ...createSystemSlice(api)(...args),
    ...createSettingsSlice(api)(...args),
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

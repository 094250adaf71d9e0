import type { SliceCreator } from './slice';

export const pages = ['marketplace', 'nodes', 'deployments', 'billing', 'settings'] as const;
export type Page = (typeof pages)[number];

export interface Route {
  page: Page;
  /** The id of the item the page shows, for detail views (`#/nodes/<id>`). */
  id?: string | undefined;
}

export const parseRoute = (hash: string): Route => {
  const [page, id] = hash.replace(/^#\/?/, '').split('/');
  const known = pages.find((p) => p === page);
  return known ? { page: known, id: id ? decodeURIComponent(id) : undefined } : { page: 'marketplace' };
};

export const formatRoute = (route: Route): string => `#/${route.page}${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;

export interface NavigationSlice {
  route: Route;
  navigate: (route: Route) => void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = () => (set) => ({
  route: { page: 'marketplace' },
  navigate: (route) => set({ route }),
});

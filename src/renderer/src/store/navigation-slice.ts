import type { SliceCreator } from './slice';

export const pages = [
  'home',
  'marketplace',
  'nodes',
  'keys',
  'deployments',
  'backups',
  'monitoring',
  'billing',
  'settings',
] as const;
export type Page = (typeof pages)[number];

export interface Route {
  page: Page;
  /** The id of the item the page shows, for detail views (`#/nodes/<id>`). */
  id?: string | undefined;
  /** A sub-view of that item (`#/marketplace/<id>/edit`). */
  view?: string | undefined;
}

export const parseRoute = (hash: string): Route => {
  const [page, id, view] = hash.replace(/^#\/?/, '').split('/');
  const known = pages.find((p) => p === page);
  if (!known) return { page: 'home' };
  return {
    page: known,
    id: id ? decodeURIComponent(id) : undefined,
    ...(id && view ? { view: decodeURIComponent(view) } : {}),
  };
};

export const formatRoute = (route: Route): string =>
  `#/${route.page}${route.id ? `/${encodeURIComponent(route.id)}${route.view ? `/${encodeURIComponent(route.view)}` : ''}` : ''}`;

export interface NavigationSlice {
  route: Route;
  navigate: (route: Route) => void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = () => (set) => ({
  route: { page: 'home' },
  navigate: (route) => set({ route }),
});

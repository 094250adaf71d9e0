import type { ApiClient } from '@shared/api-client';
import type { MethodName, MethodOutput } from '@shared/contract';
import type { Job } from '@shared/contract/jobs';
import { createSharedWatch, errorViewOf, type ErrorView, type SliceCreator, type SliceSet } from './slice';

/** One figure on Home: what its call answered last, or why it failed; each card shows its own. */
export interface HomeCard<T> {
  data: T | null;
  error: ErrorView | null;
}

/** The recent-activity card lists this many jobs. */
export const HOME_JOB_LIMIT = 8;

const homeCalls = {
  nodes: () => ['nodes:list', {}],
  deployments: () => ['deployments:list', {}],
  alerts: () => ['alerts:list', {}],
  backups: () => ['backups:overview', {}],
  revenue: () => ['billing:summary', {}],
  costs: () => ['billing:margins', { months: 1 }],
  jobs: () => ['jobs:list', { limit: HOME_JOB_LIMIT }],
  keys: () => ['keys:list', {}],
  customers: () => ['customers:list', {}],
  stripe: () => ['stripe:status', {}],
} as const satisfies Record<string, () => readonly [MethodName, object]>;

export type HomeCardName = keyof typeof homeCalls;
type CardMethod<K extends HomeCardName> = ReturnType<(typeof homeCalls)[K]>[0];
export type HomeCards = { [K in HomeCardName]: HomeCard<MethodOutput<CardMethod<K>>> };

export interface HomeSlice {
  home: HomeCards;
  /** Loads every card at once; a failed call fills that card's error and leaves the others be. */
  loadHome: () => Promise<void>;
  /** Reloads the cards that pushed events touch; returns the unsubscribe. */
  watchHome: () => () => void;
}

const cardNames = Object.keys(homeCalls) as HomeCardName[];
const emptyCards = Object.fromEntries(
  cardNames.map((name) => [name, { data: null, error: null }]),
) as unknown as HomeCards;

function loadCard(api: ApiClient, set: SliceSet, name: HomeCardName): Promise<void> {
  const [method, input] = homeCalls[name]();
  const call = api[method] as (input: object) => Promise<unknown>;
  return call(input).then(
    (data) => set((state) => ({ home: { ...state.home, [name]: { data, error: null } } })),
    (error: unknown) =>
      set((state) => ({
        home: { ...state.home, [name]: { ...state.home[name], error: errorViewOf(error) } },
      })),
  );
}

/** The job list with `job` in its place (or first when new), newest first, at most the limit. */
export function upsertJob(jobs: readonly Job[], job: Job): Job[] {
  return [job, ...jobs.filter((other) => other.id !== job.id)]
    .toSorted((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, HOME_JOB_LIMIT);
}

function subscribeHome(api: ApiClient, set: SliceSet): () => void {
  const reload =
    (...names: HomeCardName[]) =>
    () => {
      for (const name of names) void loadCard(api, set, name);
    };
  const offs = [
    api.on('nodes:changed', reload('nodes')),
    api.on('nodes:status-changed', reload('nodes')),
    api.on('deployments:changed', reload('deployments', 'revenue', 'backups')),
    api.on('alerts:raised', reload('alerts')),
    api.on('alerts:resolved', reload('alerts')),
    api.on('backups:run-changed', reload('backups')),
    api.on('backups:policy-changed', reload('backups')),
    api.on('invoices:changed', reload('revenue')),
    api.on('keys:changed', (keys) =>
      set((state) => ({ home: { ...state.home, keys: { data: keys, error: null } } })),
    ),
    api.on('jobs:changed', (job) =>
      set((state) => {
        const jobs = state.home.jobs.data;
        return jobs ? { home: { ...state.home, jobs: { data: upsertJob(jobs, job), error: null } } } : {};
      }),
    ),
  ];
  return () => offs.forEach((off) => off());
}

export const createHomeSlice: SliceCreator<HomeSlice> = (api) => (set) => ({
  home: emptyCards,
  loadHome: async () => {
    await Promise.all(cardNames.map((name) => loadCard(api, set, name)));
  },
  watchHome: createSharedWatch(() => subscribeHome(api, set)),
});

import type { CloudProviderId } from '@shared/contract/cloud';
import { createDigitalOceanProvider } from './digitalocean';
import { createHetznerProvider } from './hetzner';
import type { HttpOptions, Sleep } from './http';
import type { CloudProvider } from './provider';

export type { CloudProvider, CreateServerRequest, ProviderAccount, ProviderServer } from './provider';

export interface CloudProvidersOptions {
  fetch?: typeof fetch;
  /** Each provider's API base, for a local fake in tests (see `cloudApiBasesFromEnv`). */
  apiBases?: Partial<Record<CloudProviderId, string>>;
  /** How a 429 is waited out; tests pass one that records the wait instead. */
  sleep?: Sleep;
}

type ProviderFactory = (options: Omit<HttpOptions, 'baseUrl'> & { baseUrl?: string }) => CloudProvider;

/**
 * Every provider: its factory and the variable that points it at a local fake. A third provider is
 * one more file and one more line here (its id first goes in the contract's `cloudProviderIdSchema`).
 */
const PROVIDERS: Record<CloudProviderId, { create: ProviderFactory; env: string }> = {
  digitalocean: { create: createDigitalOceanProvider, env: 'HOSTER_DIGITALOCEAN_API' },
  hetzner: { create: createHetznerProvider, env: 'HOSTER_HETZNER_API' },
};

const ids = Object.keys(PROVIDERS) as CloudProviderId[];

/** HOSTER_DIGITALOCEAN_API / HOSTER_HETZNER_API point a provider at a local fake (tests, e2e). */
export function cloudApiBasesFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<CloudProviderId, string>> {
  return Object.fromEntries(
    ids.flatMap((id) => (env[PROVIDERS[id].env] ? [[id, env[PROVIDERS[id].env]]] : [])),
  );
}

export function cloudProviders(options: CloudProvidersOptions = {}): Record<CloudProviderId, CloudProvider> {
  const shared = { fetch: options.fetch, sleep: options.sleep };
  const made = ids.map((id) => [id, PROVIDERS[id].create({ ...shared, baseUrl: options.apiBases?.[id] })]);
  return Object.fromEntries(made) as Record<CloudProviderId, CloudProvider>;
}

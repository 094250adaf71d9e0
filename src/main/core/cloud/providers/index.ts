import type { CloudProviderId, CloudSize } from '@shared/contract/cloud';
import { createDigitalOceanProvider, DIGITALOCEAN_API } from './digitalocean';
import { createHetznerProvider, HETZNER_API } from './hetzner';
import type { Sleep } from './http';
import type { CloudProvider } from './provider';

export type { CloudProvider, CreateServerRequest, ProviderAccount, ProviderServer } from './provider';

export interface CloudProvidersOptions {
  fetch?: typeof fetch;
  /** Each provider's API base, for a local fake in tests (see `cloudApiBasesFromEnv`). */
  apiBases?: Partial<Record<CloudProviderId, string>>;
  /** How a 429 is waited out; tests pass one that records the wait instead. */
  sleep?: Sleep;
}

/** The real APIs; a third provider is one more file and one more line here and in `cloudProviders`. */
export const CLOUD_API_BASES: Record<CloudProviderId, string> = {
  digitalocean: DIGITALOCEAN_API,
  hetzner: HETZNER_API,
};

/** HOSTER_DIGITALOCEAN_API / HOSTER_HETZNER_API point a provider at a local fake (tests, e2e). */
export function cloudApiBasesFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<CloudProviderId, string>> {
  const bases: Partial<Record<CloudProviderId, string>> = {};
  if (env.HOSTER_DIGITALOCEAN_API) bases.digitalocean = env.HOSTER_DIGITALOCEAN_API;
  if (env.HOSTER_HETZNER_API) bases.hetzner = env.HOSTER_HETZNER_API;
  return bases;
}

export function cloudProviders(options: CloudProvidersOptions = {}): Record<CloudProviderId, CloudProvider> {
  const shared = { fetch: options.fetch, sleep: options.sleep };
  return {
    digitalocean: createDigitalOceanProvider({ ...shared, baseUrl: options.apiBases?.digitalocean }),
    hetzner: createHetznerProvider({ ...shared, baseUrl: options.apiBases?.hetzner }),
  };
}

/** What a size costs per month in a region: the region's own price where the provider's differ. */
export const sizePriceIn = (
  size: Pick<CloudSize, 'monthlyPriceCents' | 'regionPrices'>,
  region: string,
): number => size.regionPrices?.[region] ?? size.monthlyPriceCents;

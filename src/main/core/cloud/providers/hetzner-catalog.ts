import { z } from 'zod';
import { AppError } from '@shared/result';
import { listAll } from './hetzner-api';
import type { JsonClient } from './http';
import { knownDistribution } from './shared-rules';

const priceSchema = z.object({ location: z.string(), price_monthly: z.object({ gross: z.string() }) });
const serverTypeSchema = z.object({
  name: z.string(),
  description: z.string(),
  cores: z.number().int().positive(),
  memory: z.number().positive(),
  disk: z.number().int().nonnegative(),
  architecture: z.string(),
  deprecated: z.boolean().nullish(),
  deprecation: z.unknown().nullish(),
  prices: z.array(priceSchema),
});
const locationSchema = z.object({ name: z.string(), city: z.string(), country: z.string() });
const imageSchema = z.object({
  name: z.string().nullable(),
  description: z.string(),
  os_flavor: z.string(),
  architecture: z.string(),
  status: z.string(),
  deprecated: z.string().nullish(),
});

/** "4.5100000000" EUR → 451 cents, exactly (no float on the way). */
export function centsOf(amount: string): number {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match)
    throw new AppError('unavailable', `Hetzner Cloud gave a price this app cannot read: "${amount}".`);
  const fraction = (match[2] ?? '').padEnd(3, '0');
  return Number(match[1]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
}

function toSize(type: z.infer<typeof serverTypeSchema>) {
  const regionPrices = Object.fromEntries(
    type.prices.map((price) => [price.location, centsOf(price.price_monthly.gross)]),
  );
  const memoryMb = Math.round(type.memory * 1024);
  return {
    id: type.name,
    label: type.name.toUpperCase(),
    cpus: type.cores,
    memoryMb,
    diskGb: type.disk,
    monthlyPriceCents: Math.min(...Object.values(regionPrices)),
    currency: 'EUR',
    regions: Object.keys(regionPrices),
    regionPrices,
  };
}

export async function catalog(client: JsonClient, token: string, signal: AbortSignal) {
  const locations = await listAll(
    client,
    token,
    { path: '/locations', key: 'locations', item: locationSchema },
    signal,
  );
  const types = await listAll(
    client,
    token,
    { path: '/server_types', key: 'server_types', item: serverTypeSchema },
    signal,
  );
  const images = await listAll(
    client,
    token,
    { path: '/images', query: { type: 'system', architecture: 'x86' }, key: 'images', item: imageSchema },
    signal,
  );
  return {
    regions: locations.map((location) => ({
      id: location.name,
      label: `${location.city}, ${location.country}`,
    })),
    // Only x86 types: the images offered are x86; deprecated types cannot be ordered much longer.
    sizes: types
      .filter(
        (type) =>
          type.architecture === 'x86' && !type.deprecated && !type.deprecation && type.prices.length > 0,
      )
      .map(toSize),
    images: images.flatMap((image) => {
      const distribution = knownDistribution(image.os_flavor);
      const usable =
        image.name && image.architecture === 'x86' && image.status === 'available' && !image.deprecated;
      if (!usable || !image.name || !distribution) return [];
      return [{ id: image.name, label: image.description, distribution }];
    }),
  };
}

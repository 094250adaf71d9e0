import {
  cloudMethods,
  type CloudCatalog,
  type CloudProviderId,
  type CloudSize,
} from '@shared/contract/cloud';
import type { CloudCreateInput } from '../../store/cloud-slice';

export interface CreateServerForm {
  provider: CloudProviderId | null;
  region: string;
  size: string;
  image: string;
  keyId: string;
  name: string;
  /** Until the user types a name, it follows the region ("hoster-fra1-1"). */
  isNameEdited: boolean;
}

export const emptyCreateForm = (provider: CloudProviderId | null, keyId: string): CreateServerForm => ({
  provider,
  region: '',
  size: '',
  image: '',
  keyId,
  name: '',
  isNameEdited: false,
});

const nameSchema = cloudMethods['cloud:create'].input.shape.name;

/** The contract's own check of a server name, so the form says the same as the core would; and not a name in use. */
export function nameProblem(name: string, taken: readonly string[]): string | null {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'This name cannot be used.';
  return taken.includes(parsed.data) ? 'A node or server already has this name: choose another.' : null;
}

/** The sizes that can be created in the region, cheapest first. */
export const sizesIn = (catalog: CloudCatalog, region: string): CloudSize[] =>
  catalog.sizes
    .filter((size) => size.regions.includes(region))
    .sort((a, b) => a.monthlyPriceCents - b.monthlyPriceCents);

/** "hoster-fra1-1", or the next number free among the names already used. */
export function suggestName(region: string, taken: readonly string[]): string {
  const base = `hoster-${
    region
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'server'
  }`;
  let number = 1;
  while (taken.includes(`${base}-${number}`)) number += 1;
  return `${base}-${number}`;
}

/**
 * The picks once a provider's catalog is known: the first region, its cheapest size, the first
 * Debian image (else the first offered), and a free name, keeping what the user already chose
 * where the catalog still offers it.
 */
export function withCatalogDefaults(
  form: CreateServerForm,
  catalog: CloudCatalog,
  taken: readonly string[],
): CreateServerForm {
  const region = catalog.regions.some((r) => r.id === form.region)
    ? form.region
    : (catalog.regions[0]?.id ?? '');
  const sizes = sizesIn(catalog, region);
  const size = sizes.some((s) => s.id === form.size) ? form.size : (sizes[0]?.id ?? '');
  const image = catalog.images.some((i) => i.id === form.image)
    ? form.image
    : ((catalog.images.find((i) => i.distribution === 'debian') ?? catalog.images[0])?.id ?? '');
  return { ...form, region, size, image, name: form.isNameEdited ? form.name : suggestName(region, taken) };
}

/**
 * The form as shown: the user's picks, else the first provider with a token and the first key, and
 * the catalog's defaults; derived on each render, so nothing is copied into state behind the user.
 */
export function resolveForm(
  form: CreateServerForm,
  fallback: { provider: CloudProviderId | null; keyId: string },
  catalog: CloudCatalog | null,
  taken: readonly string[],
): CreateServerForm {
  const base = { ...form, provider: form.provider ?? fallback.provider, keyId: form.keyId || fallback.keyId };
  return catalog && catalog.provider === base.provider ? withCatalogDefaults(base, catalog, taken) : base;
}

/** The input for `cloud:create`, or what is still missing, in the form's words. */
export function createInputOf(
  form: CreateServerForm,
  taken: readonly string[],
): { input: CloudCreateInput } | { problem: string } {
  if (!form.provider) return { problem: 'Choose a provider.' };
  if (!form.region) return { problem: 'Choose a region.' };
  if (!form.size) return { problem: 'Choose a size that this region offers.' };
  if (!form.image) return { problem: 'Choose an image.' };
  if (!form.keyId) return { problem: 'Choose the SSH key the app connects with.' };
  const problem = nameProblem(form.name, taken);
  if (problem) return { problem };
  const { provider, region, size, image, keyId } = form;
  return { input: { provider, name: form.name.trim(), region, size, image, keyId } };
}

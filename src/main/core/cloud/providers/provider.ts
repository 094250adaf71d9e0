import type { CloudCatalog, CloudProviderId } from '@shared/contract/cloud';

/** A server as its provider reports it, in the app's words. */
export interface ProviderServer {
  id: string;
  name: string;
  /** `new` until the provider says it runs (`active` / `running`), `off` when stopped, `other` for the rest. */
  status: 'new' | 'running' | 'off' | 'other';
  ipv4: string | null;
  /** The app's own id of the server, read back from the tag or label the create gave it. */
  appServerId: string | null;
  createdAt: string | null;
}

export interface CreateServerRequest {
  name: string;
  region: string;
  size: string;
  image: string;
  /** cloud-init user data (`#cloud-config` …). */
  userData: string;
  /** This installation's id: every resource created carries it, so a reconcile can find them. */
  installId: string;
  /** The app's own id of this server, also carried, so a create cut off before its answer is found again. */
  serverId: string;
}

export interface ProviderAccount {
  label: string;
  detail: string | null;
}

/**
 * One cloud provider behind its public REST API. Calls take the token (from the keychain, never
 * stored here) and a signal; failures are `AppError`s whose message says what the provider said
 * and what to do. 429s are waited out (Retry-After, bounded) before giving up.
 */
export interface CloudProvider {
  id: CloudProviderId;
  name: string;
  /** Checks the token and says whose it is; a refused token is an `unauthorized` AppError. */
  account(token: string, signal: AbortSignal): Promise<ProviderAccount>;
  /** Regions, sizes with monthly prices from the provider's own price list, and Debian/Ubuntu images. */
  catalog(token: string, signal: AbortSignal): Promise<Omit<CloudCatalog, 'provider'>>;
  createServer(token: string, request: CreateServerRequest, signal: AbortSignal): Promise<ProviderServer>;
  /** null when the provider has no such server (404). */
  getServer(token: string, id: string, signal: AbortSignal): Promise<ProviderServer | null>;
  /** Every server carrying this installation's tag; with `serverId`, only the one carrying that too. */
  listTagged(token: string, filter: { installId: string; serverId?: string }, signal: AbortSignal): Promise<ProviderServer[]>;
  /** Deletes the server with its volumes; a server already gone is not an error. */
  deleteServer(token: string, id: string, signal: AbortSignal): Promise<void>;
}

import type { CloudCatalog, CloudProviderId } from '@shared/contract/cloud';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { createCloudRepository, publicServer, type StoredServer } from './cloud-repository';
import { resumeCreate, startCreate, type LifecycleDeps } from './create-server';
import type { CloudPorts } from './ports';
import { defaultReadinessTimings } from './readiness';
import { deleteOrphan, findOrphans, runRetire, startRetire } from './retire';
import { createTokens } from './tokens';

const CATALOG_TTL_MS = 10 * 60_000;

/** The provider's catalog, asked again after ten minutes or when the token changes. */
function createCatalogCache(ports: CloudPorts, tokens: ReturnType<typeof createTokens>) {
  const cache = new Map<CloudProviderId, { at: number; catalog: Promise<CloudCatalog> }>();
  return {
    get(provider: CloudProviderId): Promise<CloudCatalog> {
      const cached = cache.get(provider);
      if (cached && Date.now() - cached.at < CATALOG_TTL_MS) return cached.catalog;
      const catalog = tokens
        .require(provider)
        .then((token) => ports.providers[provider].catalog(token, AbortSignal.timeout(60_000)))
        .then((answer) => ({ provider, ...answer }));
      catalog.catch(() => cache.delete(provider));
      cache.set(provider, { at: Date.now(), catalog });
      return catalog;
    },
    forget: (provider: CloudProviderId) => cache.delete(provider),
  };
}

/**
 * Servers from the app: tokens, the providers' catalogs, create and retire as jobs, and the servers
 * tagged with this installation that it no longer knows. Creates and retires a stopped app left are
 * carried on when the core starts.
 */
export function createCloudFeature(context: CoreContext, ports: CloudPorts): Feature<MethodsOf<'cloud'>> {
  const repository = createCloudRepository(context.db);
  const tokens = createTokens(context, repository, ports.providers);
  const catalogs = createCatalogCache(ports, tokens);
  const deps: LifecycleDeps = {
    context,
    repository,
    tokens,
    ports,
    timings: { ...defaultReadinessTimings, ...ports.timings },
    catalog: (provider) => catalogs.get(provider),
    change: (id, change) => {
      const server = repository.update(id, change, context.clock.now().toISOString());
      context.events.emit('cloud:changed', publicServer(server));
      return server;
    },
  };
  // What earlier runs left unfinished, read as the core opens: the start is deferred past the first
  // answers, and a create or retire asked of this run meanwhile already has its job.
  const leftUnfinished = repository.inStatus(['creating', 'retiring']).map((server) => server.id);
  const shown = <T extends { server: StoredServer }>(result: T) => ({ ...result, server: publicServer(result.server) });
  return {
    handlers: {
      'cloud:providers': () => tokens.all(),
      'cloud:set-token': async ({ provider, token }) => {
        const status = await tokens.save(provider, token);
        catalogs.forget(provider);
        return status;
      },
      'cloud:remove-token': async ({ provider }) => {
        catalogs.forget(provider);
        return tokens.remove(provider);
      },
      'cloud:catalog': ({ provider }) => catalogs.get(provider),
      'cloud:create': async (input) => shown(await startCreate(deps, input)),
      'cloud:servers': () => repository.list().map(publicServer),
      'cloud:retire': async ({ nodeId }) => shown(await startRetire(deps, nodeId)),
      'cloud:orphans': () => findOrphans(deps),
      'cloud:delete-orphan': async ({ provider, providerServerId }) => {
        await deleteOrphan(deps, provider, providerServerId);
        return { deleted: true as const };
      },
    },
    start() {
      // Every job of an earlier run was marked interrupted when the core opened: carry their work on.
      for (const server of leftUnfinished.map((id) => repository.get(id))) {
        if (server?.status === 'creating') resumeCreate(deps, server);
        if (server?.status === 'retiring') deps.change(server.id, { jobId: runRetire(deps, server).id });
      }
    },
  };
}

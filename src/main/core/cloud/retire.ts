import type { CloudOrphan, CloudProviderId } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';
import { AppError, isAppError } from '@shared/result';
import type { StoredServer } from './cloud-repository';
import type { LifecycleDeps } from './create-server';
import { isShutdownAbort } from '../jobs/job-runner';
import { pause } from './providers/http';

const RETIRE_WAIT_MS = 120_000;

/** The cloud server a node came from, ready to retire, or an error that says what to do instead. */
function retirable(deps: LifecycleDeps, nodeId: string): StoredServer {
  const server = deps.repository.byNode(nodeId);
  if (!server || server.status === 'retired') {
    throw new AppError('not_found', 'This node was not created by the app at a provider. Remove it from its page instead.');
  }
  if (server.status === 'retiring') throw new AppError('conflict', `${server.name} is already being retired.`);
  const deployments = deps.ports.nodes.deploymentsOn(nodeId);
  if (deployments.length > 0) {
    const names = deployments.map((d) => d.name).join(', ');
    throw new AppError(
      'conflict',
      `${deployments.length} deployment${deployments.length === 1 ? ' is' : 's are'} on ${server.name} (${names}). Delete them, or move them to another node with Backups → Move to node…, then retire it.`,
      { details: { deployments } },
    );
  }
  return server;
}

/** Deletes the server and its volumes at the provider, waits until it is gone there, then forgets the node. */
export async function startRetire(deps: LifecycleDeps, nodeId: string): Promise<{ server: StoredServer; job: Job }> {
  const server = retirable(deps, nodeId);
  await deps.tokens.require(server.provider);
  const job = runRetire(deps, server);
  return { server: deps.change(server.id, { status: 'retiring', jobId: job.id, error: null }), job };
}

/** The retire job; also how a retire a stopped app left is carried on. */
export function runRetire(deps: LifecycleDeps, server: StoredServer): Job {
  const provider = deps.ports.providers[server.provider];
  return deps.context.jobs.start('cloud-retire', server.id, async (job) => {
    try {
      const token = await deps.tokens.require(server.provider);
      job.progress({ step: `Deleting ${server.name} at ${provider.name}`, fraction: 0.2 });
      if (server.providerServerId) {
        await provider.deleteServer(token, server.providerServerId, job.signal);
        const deadline = Date.now() + RETIRE_WAIT_MS;
        while ((await provider.getServer(token, server.providerServerId, job.signal)) !== null) {
          if (Date.now() >= deadline) throw new AppError('timeout', `${provider.name} still lists ${server.name} two minutes after deleting it.`);
          await pause(deps.timings.pollMs, job.signal);
        }
      }
      job.progress({ step: 'Forgetting the node', fraction: 0.9 });
      if (server.nodeId) deps.ports.nodes.remove(server.nodeId);
      deps.change(server.id, { status: 'retired' });
      job.progress({ step: 'Retired', fraction: 1 });
    } catch (error) {
      if (isShutdownAbort(job.signal)) throw error;
      const message = isAppError(error) ? error.message : String(error);
      deps.change(server.id, { status: 'ready', error: { code: isAppError(error) ? error.code : 'internal', message } });
      throw error;
    }
  });
}

/** Servers tagged with this installation's id at every provider with a token that no live row knows: a failed clean-up, a lost row, a cloud node removed instead of retired. */
export async function findOrphans(deps: LifecycleDeps): Promise<CloudOrphan[]> {
  // A ready server whose node was removed (not retired) is still paid for at the provider: it is listed.
  const nodeIds = new Set(deps.ports.nodes.list().map((node) => node.id));
  const live = deps.repository
    .inStatus(['creating', 'ready', 'retiring'])
    .filter((server) => server.status !== 'ready' || (server.nodeId !== null && nodeIds.has(server.nodeId)));
  const knownIds = new Set(live.map((s) => s.providerServerId));
  const knownRows = new Set(live.map((s) => s.id));
  const orphans: CloudOrphan[] = [];
  for (const provider of Object.keys(deps.ports.providers) as CloudProviderId[]) {
    if (!(await deps.tokens.has(provider))) continue;
    const token = await deps.tokens.require(provider);
    const tagged = await deps.ports.providers[provider].listTagged(token, { installId: deps.repository.installId }, AbortSignal.timeout(60_000));
    for (const server of tagged) {
      if (knownIds.has(server.id) || (server.appServerId && knownRows.has(server.appServerId))) continue;
      orphans.push({ provider, providerServerId: server.id, name: server.name, ipv4: server.ipv4, createdAt: server.createdAt });
    }
  }
  return orphans;
}

/** Deletes one orphan: only a server carrying this installation's tag that no live row knows. */
export async function deleteOrphan(deps: LifecycleDeps, provider: CloudProviderId, providerServerId: string): Promise<void> {
  const orphan = (await findOrphans(deps)).find((o) => o.provider === provider && o.providerServerId === providerServerId);
  if (!orphan) {
    throw new AppError('not_found', `${deps.ports.providers[provider].name} has no server ${providerServerId} tagged by this app that it no longer knows. Check again.`);
  }
  const token = await deps.tokens.require(provider);
  await deps.ports.providers[provider].deleteServer(token, providerServerId, AbortSignal.timeout(60_000));
}

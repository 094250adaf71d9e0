import { randomUUID } from 'node:crypto';
import { sizePriceIn, type CloudCatalog, type CloudStep } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';
import { AppError, isAppError } from '@shared/result';
import type { CoreContext } from '../core-context';
import { isShutdownAbort, type JobContext } from '../jobs/job-runner';
import { cloudInitUserData } from './cloud-init';
import type { CloudRepository, ServerChange, StoredServer } from './cloud-repository';
import { generateHostKey } from './host-key';
import type { CloudPorts } from './ports';
import { waitForBoot, waitForDocker, waitForSsh, type ReadinessTimings } from './readiness';
import type { Tokens } from './tokens';

export interface CreateInput {
  provider: StoredServer['provider'];
  name: string;
  region: string;
  size: string;
  image: string;
  keyId: string;
}

export interface LifecycleDeps {
  context: CoreContext;
  repository: CloudRepository;
  tokens: Tokens;
  ports: CloudPorts;
  timings: ReadinessTimings;
  catalog: (provider: StoredServer['provider']) => Promise<CloudCatalog>;
  /** Stores a change of a server and announces it. */
  change: (id: string, change: ServerChange) => StoredServer;
}

const stepLabels: Record<Exclude<CloudStep, 'requested'>, string> = {
  created: 'Booting',
  booted: 'Waiting for SSH with the pinned host key',
  ssh: 'Waiting for Docker',
  docker: 'Adding the node',
  added: 'Ready',
};

/** What a create asks for, checked against the provider's catalog and the fleet before anything is created. */
async function checkRequest(deps: LifecycleDeps, input: CreateInput) {
  const token = await deps.tokens.require(input.provider);
  let publicKey: string;
  try {
    publicKey = deps.ports.keys.publicKey(input.keyId);
  } catch {
    throw new AppError('invalid_input', 'That SSH key no longer exists. Choose another key.', { field: 'keyId' });
  }
  const taken = [...deps.ports.nodes.list(), ...deps.repository.inStatus(['creating'])].some((n) => n.name === input.name);
  if (taken) throw new AppError('conflict', `A node or a server being created is already named ${input.name}. Choose another name.`, { field: 'name' });
  const catalog = await deps.catalog(input.provider);
  const size = catalog.sizes.find((s) => s.id === input.size);
  if (!size) throw new AppError('invalid_input', `${input.size} is not a size ${deps.ports.providers[input.provider].name} offers.`, { field: 'size' });
  if (!catalog.regions.some((r) => r.id === input.region) || !size.regions.includes(input.region)) {
    throw new AppError('invalid_input', `${size.label} cannot be created in ${input.region}. Choose another region or size.`, { field: 'region' });
  }
  const image = catalog.images.find((i) => i.id === input.image);
  if (!image) throw new AppError('invalid_input', `${input.image} is not an image the app can install Docker on. Choose Debian or Ubuntu.`, { field: 'image' });
  return { token, publicKey, size, image };
}

/** Starts a create: the row is stored with the generated host key's fingerprint, then the job runs. */
export async function startCreate(deps: LifecycleDeps, input: CreateInput): Promise<{ server: StoredServer; job: Job }> {
  const { token, publicKey, size, image } = await checkRequest(deps, input);
  const hostKey = generateHostKey(input.name);
  const now = deps.context.clock.now().toISOString();
  const id = `cloud_${randomUUID()}`;
  deps.repository.insert({
    ...input,
    id,
    providerServerId: null,
    monthlyPriceCents: sizePriceIn(size, input.region),
    currency: size.currency,
    status: 'creating',
    step: 'requested',
    ipv4: null,
    hostKeyFingerprint: hostKey.fingerprint,
    nodeId: null,
    jobId: null,
    error: null,
    createdAt: now,
    updatedAt: now,
  });
  const userData = cloudInitUserData({ hostKey, authorizedKey: publicKey, distribution: image.distribution });
  const provider = deps.ports.providers[input.provider];
  const job = deps.context.jobs.start('cloud-create', id, (job) =>
    guarded(deps, id, job, async () => {
      job.progress({ step: `Asking ${provider.name} for the server`, fraction: 0.05 });
      const created = await provider.createServer(
        token,
        { ...input, userData, installId: deps.repository.installId, serverId: id },
        job.signal,
      );
      deps.change(id, { providerServerId: created.id, step: 'created' });
      await carryOn(deps, id, job);
    }),
  );
  return { server: deps.change(id, { jobId: job.id }), job };
}

/** Picks a create up where a stopped app left it: finds the server by its tag if its id was never stored. */
export function resumeCreate(deps: LifecycleDeps, server: StoredServer): void {
  const provider = deps.ports.providers[server.provider];
  const job = deps.context.jobs.start('cloud-create', server.id, (job) =>
    guarded(deps, server.id, job, async () => {
      if (!server.providerServerId) {
        job.progress({ step: `Looking for the server at ${provider.name}` });
        const token = await deps.tokens.require(server.provider);
        const [found] = await provider.listTagged(token, { installId: deps.repository.installId, serverId: server.id }, job.signal);
        if (!found) {
          throw new AppError('cancelled', `The app stopped before ${provider.name} answered its request for ${server.name}.`);
        }
        deps.change(server.id, { providerServerId: found.id, step: 'created' });
      }
      await carryOn(deps, server.id, job);
    }),
  );
  deps.change(server.id, { jobId: job.id, error: null });
}

/** From a created server to a node: booted → SSH with the pinned key → Docker → added with its price as cost. */
async function carryOn(deps: LifecycleDeps, id: string, job: JobContext): Promise<void> {
  const server = current(deps, id);
  const provider = deps.ports.providers[server.provider];
  const token = await deps.tokens.require(server.provider);
  const deadline = Date.parse(server.createdAt) + deps.timings.readyTimeoutMs;
  const step = (s: Exclude<CloudStep, 'requested'>, fraction: number) => job.progress({ step: stepLabels[s], fraction });
  step('created', 0.2);
  const booted = await waitForBoot({ provider, token, serverId: server.providerServerId ?? '', timings: deps.timings, deadline }, job.signal);
  deps.change(id, { ipv4: booted.ipv4, step: 'booted' });
  step('booted', 0.4);
  const key = await deps.ports.keys.parsedKey(server.keyId);
  const client = await waitForSsh({ host: booted.ipv4, key, fingerprint: server.hostKeyFingerprint, timings: deps.timings, deadline }, job.signal);
  try {
    deps.change(id, { step: 'ssh' });
    step('ssh', 0.6);
    await waitForDocker({ client, timings: deps.timings, deadline }, job.signal);
  } finally {
    client.end();
  }
  deps.change(id, { step: 'docker' });
  step('docker', 0.8);
  const nodeId = await addNode(deps, server, booted.ipv4);
  deps.change(id, { nodeId, step: 'added', status: 'ready' });
  step('added', 1);
}

/**
 * Adds the server as a node with its price as cost. A node is stored before it is tested, so an app
 * stopped meanwhile left one: pinned to the host key generated for this server, it can be no other
 * server's, and it is tested and kept rather than added twice.
 */
async function addNode(deps: LifecycleDeps, server: StoredServer, ipv4: string): Promise<string> {
  const earlier = deps.ports.nodes.list().find((node) => node.hostKeyFingerprint === server.hostKeyFingerprint);
  if (earlier) {
    await deps.ports.nodes.check(earlier.id);
    return earlier.id;
  }
  const { node } = await deps.ports.nodes.add({
    name: server.name,
    host: ipv4,
    port: 22,
    user: 'root',
    auth: 'key',
    keyId: server.keyId,
    tags: ['cloud', server.provider],
    monthlyCostCents: server.monthlyPriceCents,
    hostKeyFingerprint: server.hostKeyFingerprint,
  });
  return node.id;
}

const current = (deps: LifecycleDeps, id: string): StoredServer => {
  const server = deps.repository.get(id);
  if (!server) throw new AppError('not_found', 'That server is no longer known.');
  return server;
};

/**
 * Runs a create; if it fails, times out or is cancelled, whatever was created at the provider is
 * deleted (found by id, or by its tag) before the failure is recorded. An app shutting down leaves
 * it as it is, to be carried on at the next start.
 */
async function guarded(deps: LifecycleDeps, id: string, job: JobContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isShutdownAbort(job.signal)) throw error;
    const reason = job.signal.aborted ? new AppError('cancelled', 'Cancelled.') : isAppError(error) ? error : new AppError('internal', `Setting up the server failed: ${error instanceof Error ? error.message : String(error)}.`);
    job.progress({ step: 'Deleting what was created' });
    const cleanup = await cleanUp(deps, id);
    deps.change(id, { status: 'failed', error: { code: reason.code, message: `${reason.message} ${cleanup}` } });
    throw new AppError(reason.code, `${reason.message} ${cleanup}`);
  }
}

/** Deletes the server a failed create made, and says so in words for the failure's message. */
async function cleanUp(deps: LifecycleDeps, id: string): Promise<string> {
  const server = current(deps, id);
  const provider = deps.ports.providers[server.provider];
  const signal = AbortSignal.timeout(120_000);
  try {
    const token = await deps.tokens.require(server.provider);
    const tagged = await provider.listTagged(token, { installId: deps.repository.installId, serverId: id }, signal);
    const ids = new Set([...(server.providerServerId ? [server.providerServerId] : []), ...tagged.map((s) => s.id)]);
    for (const serverId of ids) await provider.deleteServer(token, serverId, signal);
    const left = await provider.listTagged(token, { installId: deps.repository.installId, serverId: id }, signal);
    if (left.length > 0) throw new AppError('conflict', `${left.length} still listed`);
    return ids.size > 0 ? `The server was deleted at ${provider.name}; nothing is left there.` : `Nothing was created at ${provider.name}.`;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `Deleting it at ${provider.name} failed too (${message}): delete ${server.name} there, or from Settings → Cloud providers → Check for servers this app no longer knows.`;
  }
}

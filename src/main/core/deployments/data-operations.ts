import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { TemplateBackupCommand, TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { startContainers } from './apply-plan';
import { labels } from './compose-labels';
import { stopContainers } from './container-stops';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import { listDeploymentContainers, removeContainer } from './docker-engine';
import type { DeploymentPlan } from './plan-types';
import { RESUMED_CAUSE } from './state-machine';

/** A deployment's data as a backup sees it: its volumes, which services mount them, and the dumps its template declares. */
export interface DataTarget {
  id: string;
  name: string;
  nodeId: string;
  status: DeploymentStatus;
  templateId: string;
  templateVersion: string;
  /** The disk its template asks for, in MiB: what a restore needs free on the node. */
  diskMb: number;
  backupCommands: TemplateBackupCommand[];
  services: { service: string; containerName: string; image: string; volumes: string[] }[];
  /** The deployment's own volumes (external ones are not its data to copy): template name and Docker name. */
  volumes: { name: string; dockerName: string; labels: Record<string, string>; driverOpts: Record<string, string> }[];
}

export interface DataContext {
  job: JobContext;
  docker: Docker;
  target: DataTarget;
}

/**
 * The phases of work on a deployment's data: `before` with the deployment as it is; `offline` with
 * its containers stopped (and removed, for `replace`, so its volumes can be replaced); `online` once
 * the services it names in `startFirst` are up again (the others start after it).
 */
export interface DataWork {
  before?: (context: DataContext) => Promise<void>;
  offline?: (context: DataContext) => Promise<void>;
  online?: (context: DataContext) => Promise<void>;
}

export interface DataHold {
  /** Names the job (`deployment:<kind>`) and the causes recorded. */
  kind: 'backup' | 'restore';
  hold: 'none' | 'stop' | 'replace';
  /** Start it afterwards even when it was not running (a restore runs its dumps' restore in it). */
  startAfter: boolean;
  /** The services `online` work needs: started alone first, the others once it is done. */
  startFirst?: string[];
}

/** The causes a hold records: recovery brings a deployment whose latest cause is one of them back up. */
const holdCause = (verb: 'stopping' | 'stopped', kind: DataHold['kind']) => `${verb} for a ${kind}`;
const HOLD_CAUSE = /^(stopping|stopped) for a (backup|restore)$/;

/** A deployment the app stopped for work on its data and meant to start again (a crash cut the work short). */
export const isHeld = (deps: Pick<OperationDeps, 'repository'>, deployment: Deployment): boolean =>
  HOLD_CAUSE.test(
    // Recovery notes that it took the deployment up (perhaps more than once, if the app died again) before it acts.
    deps.repository.transitions(deployment.id, 20).find((entry) => entry.cause !== RESUMED_CAUSE)?.cause ?? '',
  );

const UP: readonly DeploymentStatus[] = ['running', 'degraded'];
const AT_REST: readonly DeploymentStatus[] = ['running', 'degraded', 'stopped'];

function targetOf(
  deployment: Deployment,
  plan: DeploymentPlan,
  manifest: Pick<TemplateManifest, 'backups' | 'resources'>,
): DataTarget {
  const volumes = plan.volumes
    .filter((volume) => !volume.external)
    .map((volume) => ({
      name: volume.labels[labels.volume] ?? volume.name,
      dockerName: volume.name,
      labels: volume.labels,
      driverOpts: volume.driverOpts,
    }));
  const byDockerName = new Map(volumes.map((volume) => [volume.dockerName, volume.name]));
  return {
    id: deployment.id,
    name: deployment.name,
    nodeId: deployment.nodeId,
    status: deployment.status,
    templateId: deployment.templateId,
    templateVersion: deployment.templateVersion,
    diskMb: manifest.resources.disk_mb,
    backupCommands: manifest.backups,
    // One entry per service: copies beyond the first are stateless (no volume of theirs to back up).
    services: plan.services
      .filter((service) => service.replica === 1)
      .map((service) => ({
        service: service.service,
        containerName: service.containerName,
        image: service.image,
        volumes: (service.options.HostConfig?.Mounts ?? []).flatMap((mount) => {
          const name = mount.Type === 'volume' ? byDockerName.get(mount.Source) : undefined;
          return name === undefined ? [] : [name];
        }),
      })),
    volumes,
  };
}

async function planOfCurrent(deps: OperationDeps, deployment: Deployment): Promise<DeploymentPlan> {
  const revision = deps.repository.activeRevision(deployment) ?? deps.repository.currentRevision(deployment);
  if (!revision) throw new AppError('conflict', `${deployment.name} has never been deployed; it has no data yet.`);
  return deps.runtime.planFor(deployment, revision);
}

/** What a backup or restore of the deployment works from; null for one that does not exist. */
export async function dataTarget(deps: OperationDeps, id: string): Promise<DataTarget | null> {
  const deployment = deps.repository.get(id);
  if (!deployment || deployment.status === 'deleted') return null;
  const revision = deps.repository.activeRevision(deployment) ?? deps.repository.currentRevision(deployment);
  if (!revision) return null;
  return targetOf(deployment, await planOfCurrent(deps, deployment), revision.template.manifest);
}

/**
 * Work on a deployment's data as one job on it (one at a time per deployment and per node). A hold
 * stops the deployment, recording each step as the state it is in, and brings it back up after the
 * work, even when the work failed; a start that then fails marks it failed, as any start would.
 */
export function runDataJob(deps: OperationDeps, id: string, hold: DataHold, work: DataWork) {
  const { runtime, repository } = deps;
  const deployment = runtime.load(id);
  if (!AT_REST.includes(deployment.status))
    throw new AppError(
      'conflict',
      `${deployment.name} is ${deployment.status}; wait until it is running or stopped, then try again.`,
    );
  runtime.assertIdle(deployment);
  const revision = repository.activeRevision(deployment) ?? repository.currentRevision(deployment);
  if (!revision) throw new AppError('conflict', `${deployment.name} has never been deployed; it has no data yet.`);
  return runtime.runJob(deployment, hold.kind, async (job, docker) => {
    const plan = await runtime.planFor(deployment, revision);
    const context: DataContext = { job, docker, target: targetOf(deployment, plan, revision.template.manifest) };
    await work.before?.(context);
    if (hold.hold === 'none') return;
    const wasUp = UP.includes(runtime.load(id).status);
    const offline = await takeDown(deps, { id, plan, job, docker, hold, wasUp })
      .then(() => work.offline?.(context))
      .then(
        () => ({ failed: false as const }),
        (error: unknown) => ({ failed: true as const, error }),
      );
    const online = offline.failed || !work.online ? undefined : () => work.online?.(context) ?? Promise.resolve();
    const during = wasUp || hold.startAfter ? await bringBack(deps, { id, plan, job, docker, hold, online }) : null;
    const failure = offline.failed ? offline.error : during?.failed ? during.error : null;
    if (failure !== null) throw failure instanceof Error ? failure : new AppError('internal', 'The work on the data failed.');
  });
}

/** The services named and every service they depend on, transitively. */
function withDependencies(plan: DeploymentPlan, names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const add = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    for (const dependency of Object.keys(plan.services.find((s) => s.service === name)?.dependsOn ?? {})) add(dependency);
  };
  names.forEach(add);
  return found;
}

interface Step {
  id: string;
  plan: DeploymentPlan;
  job: JobContext;
  docker: Docker;
}

async function takeDown(deps: OperationDeps, step: Step & { hold: DataHold; wasUp: boolean }) {
  const { runtime } = deps;
  const { id, plan, job, docker, hold } = step;
  if (step.wasUp) runtime.move(runtime.load(id), 'stopping', holdCause('stopping', hold.kind));
  job.progress({ step: 'Stopping containers' });
  await stopContainers(docker, plan, job.signal, (text) => job.progress({ step: text }));
  if (hold.hold === 'replace')
    for (const container of await listDeploymentContainers(docker, id)) await removeContainer(docker, container.Id);
  const now = runtime.load(id);
  if (now.status === 'stopping') runtime.move(now, 'stopped', holdCause('stopped', hold.kind));
  // A stopped deployment a restore will start: recovery after a crash starts it too.
  else if (hold.startAfter) deps.repository.recordChange(id, now.status, holdCause('stopped', hold.kind), runtime.now());
}

/**
 * Starts the deployment again. With `online` work, the services it needs (`hold.startFirst`, the
 * databases a restore loads its dumps into) come up first, alone, the work runs, then the rest start:
 * no app writes into a database while it is being replaced. The work's failure is returned; a start's
 * failure marks the deployment failed and is thrown.
 */
async function bringBack(
  deps: OperationDeps,
  step: Step & { hold: DataHold; online: (() => Promise<void>) | undefined },
): Promise<{ failed: boolean; error?: unknown }> {
  const { runtime } = deps;
  const { id, plan, job, docker, hold, online } = step;
  const starting = runtime.move(runtime.load(id), 'starting', `${hold.kind} finished`);
  // A cancelled job still brings the deployment back: its start does not listen to the cancel.
  const options = runtime.applyOptions({ ...job, signal: new AbortController().signal });
  const first = withDependencies(plan, hold.startFirst ?? []);
  let outcome: { failed: boolean; error?: unknown } = { failed: false };
  try {
    if (online) {
      if (first.size > 0)
        await startContainers(docker, { ...plan, services: plan.services.filter((s) => first.has(s.service)) }, options);
      outcome = await online().then(
        () => ({ failed: false }),
        (error: unknown) => ({ failed: true, error }),
      );
    }
    await startContainers(docker, plan, options);
  } catch (error) {
    await runtime.fail(id, error);
    throw error;
  }
  runtime.move(runtime.load(starting.id), 'running', 'all containers ready');
  return outcome;
}

import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { WorkerDefinition } from '../scheduler/scheduler';
import { consoleTarget, recordInHistory, type ConsoleTarget } from './console-target';
import { copyDeployment } from './create-operation';
import { credentialHandlers } from './credential-operations';
import { dataTarget, runDataJob, type DataHold, type DataTarget, type DataWork } from './data-operations';
import { revisionImages } from './deployment-images';
import { createDeploymentRepository } from './deployment-repository';
import { createDeploymentRuntime, type OperationDeps } from './deployment-runtime';
import { createDeploymentSecrets } from './deployment-secrets';
import { deploymentHandlers } from './deployment-handlers';
import type { ReadinessOptions } from './docker-readiness';
import { reportHealth } from './lifecycle-operations';
import { createNodeSettler } from './node-settler';
import { createOpenForwards } from './open-forwards';
import type { DeploymentPorts } from './ports';
import { reconcileAll } from './reconcile';
import { createServiceHolds, releaseOnWholeOperations } from './service-holds';
import { serviceHandlers, type ServiceDeps } from './service-operations';

export const RECOVERY_WORKER = 'deployment-recovery';
/** Settles deployments at rest against their node's containers, on the node health interval. */
export const SETTLE_WORKER = 'deployment-settle';
const RECOVERY_INTERVAL_SECONDS = 60;

export interface RouteTarget {
  id: string;
  name: string;
  nodeId: string;
  status: DeploymentSummary['status'];
  primaryService: string | null;
  /** TCP ports published on the node, by service and container port. */
  ports: { service: string; containerPort: number; hostPort: number }[];
}

export type DeploymentsFeature = Feature<MethodsOf<'deployments' | 'credentials' | 'services'>> & {
  /** Every deployment that exists, as the contract summarises it. */
  list(): DeploymentSummary[];
  /** One deployment that exists, summarised: what a screen showing one asks, at the cost of one. */
  summary(id: string): DeploymentSummary | null;
  /** For other features: which deployments use a template. */
  usingTemplate(templateId: string): { id: string; name: string; version: string }[];
  reconcileNow(nodeId?: string): Promise<number>;
  /**
   * Monitoring's verdict on a running deployment: crash-looping or unhealthy containers make it
   * `degraded`, recovery makes it `running` again. Ignored while an operation is under way.
   */
  reportHealth(id: string, isHealthy: boolean, cause: string): void;
  /** What the domains feature routes to: the deployment's node, state, primary service and host ports. */
  routeTarget(id: string): RouteTarget | null;
  /** For the node inventory: every deployment not deleted, with the image references and digests its revision runs. */
  withImages(): { id: string; name: string; nodeId: string; status: DeploymentSummary['status']; images: string[] }[];
  /** Deployments monitoring should watch: those on the node that are meant to be up. */
  /** Deployments monitoring should watch, with the services the user stopped (not judged as down). */
  watched(): { id: string; name: string; nodeId: string; status: string; heldServices: string[] }[];
  /** For backups: a deployment's data, work on it as a job (stopping it around the work if asked), and copies on other nodes. */
  data: {
    target(id: string): Promise<DataTarget | null>;
    run(id: string, hold: DataHold, work: DataWork): { deploymentId: string; jobId: string };
    copy(sourceId: string, to: { nodeId: string; name: string; version?: string }): Promise<{ deploymentId: string; jobId: string }>;
  };
  /** For the terminal: where a deployment runs and its maintenance commands, and a line in its history. */
  console: { target(id: string): ConsoleTarget | null; record(id: string, cause: string): void };
};

function routeTargetOf(repository: ReturnType<typeof createDeploymentRepository>, id: string): RouteTarget | null {
  const deployment = repository.get(id);
  if (!deployment || deployment.status === 'deleted') return null;
  const { name, nodeId, status } = deployment;
  return {
    id,
    name,
    nodeId,
    status,
    primaryService: repository.currentRevision(deployment)?.template.manifest.primary?.service ?? null,
    ports: repository
      .allocationsOf(id)
      .filter((grant) => grant.protocol === 'tcp')
      .map(({ service, containerPort, hostPort }) => ({ service, containerPort, hostPort })),
  };
}

const withImages = (repository: ReturnType<typeof createDeploymentRepository>) =>
  repository
    .list()
    .filter((deployment) => deployment.status !== 'deleted')
    .map((deployment) => {
      const { id, name, nodeId, status } = deployment;
      return { id, name, nodeId, status, images: revisionImages(repository, deployment) };
    });

/** Operating a running app: its credentials and each of its services. */
const operateHandlers = (deps: ServiceDeps) => ({ ...credentialHandlers(deps), ...serviceHandlers(deps) });

/** Recovery carries interrupted operations on; the settler watches what runs. */
const deploymentWorkers = (
  context: CoreContext,
  reconcileNow: () => Promise<unknown>,
  settler: { observe: () => Promise<void> },
): WorkerDefinition[] => [
  {
    name: RECOVERY_WORKER,
    intervalSeconds: () => RECOVERY_INTERVAL_SECONDS,
    run: async () => {
      await reconcileNow();
    },
  },
  {
    name: SETTLE_WORKER,
    intervalSeconds: () => context.settings.get().workers.nodeHealthSeconds,
    run: () => settler.observe(),
  },
];

/** Wiring only: the repository, runtime and operations, and what other features ask of them. */
export function createDeploymentsFeature(
  context: CoreContext,
  ports: DeploymentPorts,
  readiness: () => ReadinessOptions,
): DeploymentsFeature {
  const repository = createDeploymentRepository(context.db);
  const secrets = createDeploymentSecrets(context.secrets);
  const runtime = createDeploymentRuntime({ context, repository, ports, secrets, readiness });
  const deps: OperationDeps = { runtime, repository, ports, secrets };
  const forwards = createOpenForwards(deps);
  const reconcileNow = (nodeId?: string) => reconcileAll({ ...deps, logger: context.logger }, nodeId);
  const holds = createServiceHolds(context.db);
  const stopReleasing = releaseOnWholeOperations(context.events, holds);
  const settler = createNodeSettler({ ...deps, logger: context.logger, heldServices: holds.of });
  const stopListening = checkOnReconnect(ports, async (nodeId) => {
    await reconcileNow(nodeId);
    await settler.check(nodeId);
  });

  return {
    workers: deploymentWorkers(context, reconcileNow, settler),
    handlers: { ...deploymentHandlers(deps, forwards), ...operateHandlers({ ...deps, holds }) },
    list: () => runtime.summariesOf(repository.list()),
    summary: (id) => {
      const deployment = repository.get(id);
      return deployment && deployment.status !== 'deleted' ? runtime.summaryOf(deployment) : null;
    },
    usingTemplate: (templateId) =>
      repository
        .list()
        .filter((deployment) => deployment.templateId === templateId)
        .map(({ id, name, templateVersion }) => ({ id, name, version: templateVersion })),
    reconcileNow,
    routeTarget: (id) => routeTargetOf(repository, id),
    reportHealth: (id, isHealthy, cause) => reportHealth(deps, id, isHealthy, cause),
    data: {
      target: (id) => dataTarget(deps, id),
      run: (id, hold, work) => runDataJob(deps, id, hold, work),
      copy: (sourceId, to) => copyDeployment(deps, sourceId, to),
    },
    withImages: () => withImages(repository),
    console: { target: (id) => consoleTarget(deps, id), record: (id, cause) => recordInHistory(deps, id, cause) },
    watched: () =>
      repository
        .listByStatus(['running', 'degraded', 'starting', 'updating', 'stopping'])
        .map(({ id, name, nodeId, status }) => ({ id, name, nodeId, status, heldServices: holds.of(id) })),
    close: async () => {
      stopReleasing();
      await stopListening();
      await forwards.close();
    },
  };
}

/**
 * A node that comes back online has its interrupted operations carried on and its deployments
 * checked at once (two observations a moment apart). Returns what stops listening and waits for
 * checks under way.
 */
function checkOnReconnect(ports: DeploymentPorts, check: (nodeId: string) => Promise<void>): () => Promise<void> {
  const checks = new Set<Promise<void>>();
  const off = ports.nodeStatus.onChanged((event) => {
    if (event.to !== 'online' || event.from === 'online') return;
    const under = check(event.nodeId).finally(() => checks.delete(under));
    checks.add(under);
  });
  return async () => {
    off();
    await Promise.allSettled([...checks]);
  };
}

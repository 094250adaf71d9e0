import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { Template } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { CoreContext } from '../core-context';
import type { JobContext } from '../jobs/job-runner';
import type { PolicyContext } from '../templates';
import type { ApplyOptions } from './apply-plan';
import { buildPlan } from './build-plan';
import type { DeploymentRepository, DeploymentRow, RevisionRow } from './deployment-repository';
import type { DeploymentSecrets } from './deployment-secrets';
import { toSummary } from './deployment-views';
import type { ReadinessOptions } from './docker-engine';
import { createKeyedLock } from './node-lock';
import type { DeploymentPlan } from './plan-types';
import type { PortGrant } from './port-allocator';
import type { DeploymentPorts } from './ports';
import { requireAccepted } from './policy-gate';

export interface RuntimeDeps {
  context: CoreContext;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  secrets: DeploymentSecrets;
  readiness: () => ReadinessOptions;
}

export const templateOf = (revision: RevisionRow): Template => ({
  manifest: JSON.parse(revision.manifest) as Template['manifest'],
  compose: revision.compose,
});

/**
 * What every deployment operation shares: state transitions that are announced, plans rebuilt from a
 * stored revision, and jobs that run one at a time per node.
 */
export function createDeploymentRuntime(deps: RuntimeDeps) {
  const { context, repository, ports } = deps;
  const lock = createKeyedLock();
  const activeJobs = new Map<string, string>();
  const now = () => context.clock.now().toISOString();

  const currentRevision = (row: DeploymentRow): RevisionRow | undefined =>
    row.current_revision === null
      ? repository.revisions(row.id)[0]
      : repository.revision(row.id, row.current_revision);

  const summaryOf = (row: DeploymentRow) => {
    const revision = currentRevision(row);
    const primary = revision ? (templateOf(revision).manifest.primary?.service ?? null) : null;
    return toSummary(row, ports.nodes.get(row.node_id), repository.portsOf(row.id), primary);
  };

  const load = (id: string): DeploymentRow => {
    const row = repository.get(id);
    if (!row || row.status === 'deleted') throw new AppError('not_found', `No deployment with id ${id}.`);
    return row;
  };

  /** Compare-and-swap on the state the caller saw, recorded with its cause and pushed to every window. */
  const move = (
    row: DeploymentRow,
    to: DeploymentStatus,
    cause: string,
    error: string | null = null,
  ): DeploymentRow => {
    const at = now();
    const next = repository.transition(row.id, row.status, to, cause, at, error);
    if (!next)
      throw new AppError('conflict', `${row.name} changed while this was being done; look again and retry.`);
    context.events.emit('deployments:transitioned', {
      deployment: summaryOf(next),
      from: row.status,
      to,
      at,
      cause,
    });
    return next;
  };

  const announceCreated = (row: DeploymentRow, cause: string): void =>
    context.events.emit('deployments:transitioned', {
      deployment: summaryOf(row),
      from: null,
      to: row.status,
      at: row.created_at,
      cause,
    });

  async function valuesOf(row: DeploymentRow, revision: RevisionRow): Promise<Record<string, string>> {
    return {
      ...(JSON.parse(revision.variables) as Record<string, string>),
      ...(await deps.secrets.read(row.id)),
    };
  }

  /** What the safety policy knows of a deployment's node. */
  const policyContext = (nodeId: string): PolicyContext => {
    const dockerSocket = ports.nodes.get(nodeId)?.dockerSocket;
    return dockerSocket === undefined ? {} : { dockerSocket };
  };

  /**
   * The plan of a stored revision, on the ports the deployment holds (or on `grants` while an update
   * is tried). A plan that will create containers is built with `accepted`, the finding keys the user
   * said yes to: one that asks for anything more of the node is refused before the node hears of it.
   */
  async function planFor(
    row: DeploymentRow,
    revision: RevisionRow,
    options: { grants?: readonly PortGrant[]; accepted?: readonly string[] } = {},
  ): Promise<DeploymentPlan> {
    const rendered = ports.engine.render(
      templateOf(revision),
      await valuesOf(row, revision),
      policyContext(row.node_id),
    );
    if (options.accepted) requireAccepted(rendered.findings, options.accepted, row.name);
    const grants = options.grants;
    const held =
      grants ??
      repository.portsOf(row.id).map((p) => ({
        service: p.service,
        containerPort: p.container_port,
        protocol: p.protocol as 'tcp' | 'udp',
        hostPort: p.host_port,
      }));
    return buildPlan({
      deploymentId: row.id,
      project: row.name,
      revision: revision.revision,
      compose: rendered.compose,
      exposure: row.exposure,
      ports: held,
      files: rendered.files,
    });
  }

  const applyOptions = (job: JobContext): ApplyOptions => ({
    signal: job.signal,
    step: (step, fraction, detail) => job.progress({ step, fraction, detail }),
    readiness: deps.readiness(),
    now: () => context.clock.now(),
    registryAuth: (image) => ports.registryAuth(image),
  });

  /** Starts `work` as a job on the deployment's node, after any other operation on that node. */
  function runJob(
    row: DeploymentRow,
    kind: string,
    work: (job: JobContext, docker: Docker) => Promise<void>,
  ): { deploymentId: string; jobId: string } {
    if (activeJobs.has(row.id))
      throw new AppError(
        'conflict',
        `${row.name} already has an operation under way; wait for it or cancel it.`,
      );
    const job = context.jobs.start(`deployment:${kind}`, row.id, async (job) => {
      try {
        if (lock.isBusy(row.node_id)) job.progress({ step: 'Waiting for another operation on this node' });
        await lock.run(row.node_id, async () => {
          job.progress({ step: 'Connecting to the node' });
          const docker = await ports.connections.docker(row.node_id);
          await work(job, docker);
        });
      } finally {
        activeJobs.delete(row.id);
      }
    });
    activeJobs.set(row.id, job.id);
    return { deploymentId: row.id, jobId: job.id };
  }

  /** Moves a deployment whose operation failed to `failed`, with the reason the user will read. */
  const fail = (id: string, error: unknown): void => {
    const row = repository.get(id);
    const message = error instanceof AppError || error instanceof Error ? error.message : String(error);
    if (row && row.status !== 'failed' && row.status !== 'deleted')
      move(row, 'failed', 'operation failed', message);
  };

  return {
    now,
    load,
    move,
    announceCreated,
    fail,
    planFor,
    policyContext,
    valuesOf,
    summaryOf,
    currentRevision,
    runJob,
    applyOptions,
    activeJobOf: (id: string): string | null => activeJobs.get(id) ?? null,
    hasActiveJob: (id: string): boolean => activeJobs.has(id),
    withNodeLock: <T>(nodeId: string, work: () => Promise<T>) => lock.run(nodeId, work),
  };
}

export type DeploymentRuntime = ReturnType<typeof createDeploymentRuntime>;

import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { stopContainers } from './container-stops';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, Revision } from './deployment-types';
import { imageDigests } from '../docker/images';
import { allocateHostPorts } from './host-ports';
import type { PortGrant } from './port-allocator';
import { planOf } from './revision-plans';
import { restoreRetired, retireOld, updatePlan, updateStrategy } from './update-plan';

export type SwitchKind = 'update' | 'rollback';

/** One switch from the active revision to a new one, as recorded: enough to run it again after a crash. */
export interface Switch {
  deployment: Deployment;
  previous: Revision;
  next: Revision;
  kind: SwitchKind;
  wasRunning: boolean;
}

const finalStatus = (wasRunning: boolean): DeploymentStatus => (wasRunning ? 'running' : 'stopped');

/** Ports, revision statuses and the deployment's version change hands in one transaction. */
function switchActive(deps: OperationDeps, change: Switch, grants: PortGrant[], digests: Record<string, string>) {
  const { repository, runtime } = deps;
  const { deployment, previous, next } = change;
  repository.atomically(() => {
    // Ports change hands only once the new revision runs; the node lock keeps others off them meanwhile.
    repository.replaceAllocations(deployment, grants);
    repository.setRevisionStatus(deployment.id, previous.revision, 'superseded');
    repository.setRevisionStatus(deployment.id, next.revision, 'active', digests);
    repository.update(
      deployment.id,
      {
        currentRevision: next.revision,
        templateVersion: next.templateVersion,
        priceMonthlyCents: next.template.manifest.price_monthly_cents,
      },
      runtime.now(),
    );
  });
}

/**
 * Replaces the active revision with `change.next`. Until the switch a failure restores the previous
 * revision and says so; once switched, or when a dropped connection cut it off, a failure leaves the
 * deployment `updating` for recovery to finish from what the node has.
 */
export async function switchRevision(deps: OperationDeps, change: Switch, job: JobContext, docker: Docker) {
  const { runtime, repository } = deps;
  const { deployment, previous, next, kind, wasRunning } = change;
  const oldPlan = await runtime.planFor(deployment, previous);
  const updating = runtime.load(deployment.id);
  // What an interrupted attempt left (new containers, old ones set aside) goes back to the previous revision first.
  await restoreRetired(docker, oldPlan);
  const options = runtime.applyOptions(job);
  try {
    const rendered = await runtime.render(deployment, next, next.acceptedFindings);
    const strategy = updateStrategy(deployment.exposure, rendered.compose, wasRunning);
    if (strategy.kind === 'replace') job.progress({ step: `Replacing the running revision: ${strategy.reason}` });
    const grants = await allocateHostPorts(deps, deployment, rendered.compose, job.signal, {
      alongside: strategy.kind === 'alongside',
    });
    const newPlan = planOf(deployment, next, rendered, grants);
    await updatePlan(docker, oldPlan, newPlan, options, {
      strategy,
      wasRunning,
      switchOver: async () => {
        switchActive(deps, change, grants, await imageDigests(docker, newPlan.services.map((s) => s.image)));
        // Domains follow the new host ports before the old containers stop; a proxy that cannot is
        // the domains' own failure (they say so), never a reason to undo a switch already made.
        await deps.ports.routes.switched(deployment.id).catch(() => undefined);
      },
    });
    if (!wasRunning) await stopContainers(docker, newPlan, job.signal, options.step);
  } catch (error) {
    // Switched already, or cut off by a dropped connection: recovery finishes it, from what the node has.
    if (runtime.load(deployment.id).currentRevision === next.revision || (await runtime.interrupted(deployment.id)))
      throw error;
    repository.setRevisionStatus(deployment.id, next.revision, 'failed');
    const message = error instanceof Error ? error.message : String(error);
    runtime.move(
      updating,
      finalStatus(wasRunning),
      `${kind} failed and was rolled back`,
      `The ${kind} failed and revision ${previous.revision} was restored: ${message}`,
    );
    throw error;
  }
  runtime.move(runtime.load(deployment.id), finalStatus(wasRunning), `${kind} to revision ${next.revision} done`);
}

/** The end of a switch the app was killed during after it had switched: the old containers go. */
async function finishSwitched(deps: OperationDeps, change: Switch, job: JobContext, docker: Docker) {
  const { runtime } = deps;
  const { deployment, previous, next, kind, wasRunning } = change;
  const options = runtime.applyOptions(job);
  // An old revision that no longer renders still goes, by its labels, with the default grace period.
  const oldServices = (await runtime.planFor(deployment, previous).catch(() => null))?.services ?? [];
  await retireOld(docker, { deploymentId: deployment.id, services: oldServices }, next.revision, options.step);
  if (!wasRunning) await stopContainers(docker, await runtime.planFor(deployment, next), job.signal, options.step);
  runtime.move(runtime.load(deployment.id), finalStatus(wasRunning), `${kind} to revision ${next.revision} done`);
}

/** Where a deployment stood before its update began, and which kind it was, from its history. */
function updateBegan(deps: OperationDeps, id: string): { wasRunning: boolean; kind: SwitchKind } {
  const began = deps.repository.transitions(id).find((t) => t.to === 'updating' && t.from !== 'updating');
  const from = began?.from ?? 'running';
  return {
    wasRunning: from !== 'stopped' && from !== 'failed',
    kind: began?.cause.startsWith('rollback') ? 'rollback' : 'update',
  };
}

/**
 * An update or rollback the app was killed during, carried on from its recorded revisions: not yet
 * switched, it runs again towards the pending revision; switched, the old containers are retired.
 */
export function resumeSwitch(deps: OperationDeps, deployment: Deployment) {
  const { repository, runtime } = deps;
  const active = repository.activeRevision(deployment);
  if (!active) throw new AppError('internal', `${deployment.name} was updating without an active revision.`);
  const latest = repository.revisions(deployment.id)[0];
  const began = updateBegan(deps, deployment.id);
  if (latest && latest.status === 'pending' && latest.revision > active.revision)
    return runtime.runJob(deployment, began.kind, (job, docker) =>
      switchRevision(deps, { deployment, previous: active, next: latest, ...began }, job, docker),
    );
  const previous = repository.revisions(deployment.id).find((r) => r.revision < active.revision);
  if (!previous) throw new AppError('internal', `${deployment.name} was updating from no earlier revision.`);
  return runtime.runJob(deployment, began.kind, (job, docker) =>
    finishSwitched(deps, { deployment, previous, next: active, ...began }, job, docker),
  );
}

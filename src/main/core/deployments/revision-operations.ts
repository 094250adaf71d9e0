import type Docker from 'dockerode';
import type { TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { stopContainers } from './apply-plan';
import { checkDeployable, checkStored, newRevision } from './deployable';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, Revision, RevisionContent } from './deployment-types';
import { imageDigests } from './docker-images';
import { allocateHostPorts } from './host-ports';
import { planOf } from './revision-plans';
import { assertTransition } from './state-machine';
import { updatePlan } from './update-plan';

type Kind = 'update' | 'rollback';

interface Switch {
  deployment: Deployment;
  previous: Revision;
  next: Revision;
  kind: Kind;
  wasRunning: boolean;
}

/** A new revision made by `make` (another template version, new values, or an earlier revision), then a job that switches to it. */
async function replaceRevision(
  deps: OperationDeps,
  id: string,
  kind: Kind,
  make: (deployment: Deployment, previous: Revision) => Promise<RevisionContent>,
) {
  const { runtime, repository } = deps;
  const deployment = runtime.load(id);
  assertTransition(deployment.status, 'updating', deployment.name);
  const previous = repository.activeRevision(deployment);
  if (!previous) throw new AppError('conflict', `${deployment.name} has never run; start it instead.`);
  runtime.assertIdle(deployment);
  const next = repository.addRevision(id, await make(deployment, previous), runtime.now());
  const wasRunning = deployment.status !== 'stopped' && deployment.status !== 'failed';
  const change: Switch = { deployment, previous, next, kind, wasRunning };
  return runtime.runJob(deployment, kind, (job, docker) => switchRevision(deps, change, job, docker));
}

/** Replaces the running revision; a failure restores the previous one and says so. */
async function switchRevision(deps: OperationDeps, change: Switch, job: JobContext, docker: Docker) {
  const { runtime, repository } = deps;
  const { deployment, previous, next, kind, wasRunning } = change;
  const oldPlan = await runtime.planFor(deployment, previous);
  const cause = `${kind} to ${next.templateVersion} (revision ${next.revision})`;
  const updating = runtime.move(runtime.load(deployment.id), 'updating', cause);
  try {
    await bringUpNext(deps, change, oldPlan, job, docker);
  } catch (error) {
    repository.setRevisionStatus(deployment.id, next.revision, 'failed');
    const message = error instanceof Error ? error.message : String(error);
    runtime.move(
      updating,
      wasRunning ? 'running' : 'stopped',
      `${kind} failed and was rolled back`,
      `The ${kind} failed and revision ${previous.revision} was restored: ${message}`,
    );
    throw error;
  }
}

async function bringUpNext(
  deps: OperationDeps,
  { deployment, previous, next, kind, wasRunning }: Switch,
  oldPlan: Awaited<ReturnType<OperationDeps['runtime']['planFor']>>,
  job: JobContext,
  docker: Docker,
) {
  const { runtime, repository } = deps;
  const rendered = await runtime.render(deployment, next, next.acceptedFindings);
  const grants = await allocateHostPorts(deps, deployment, rendered.compose, job.signal);
  const newPlan = planOf(deployment, next, rendered, grants);
  await updatePlan(docker, oldPlan, newPlan, runtime.applyOptions(job));
  if (!wasRunning) await stopContainers(docker, newPlan, job.signal);
  // Ports change hands only once the new revision runs; the node lock keeps others off them meanwhile.
  repository.replaceAllocations(deployment, grants);
  repository.setRevisionStatus(deployment.id, previous.revision, 'superseded');
  const digests = await imageDigests(
    docker,
    newPlan.services.map((s) => s.image),
  );
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
  const status = wasRunning ? 'running' : 'stopped';
  runtime.move(runtime.load(deployment.id), status, `${kind} to revision ${next.revision} done`);
}

/** The values an update checks: the earlier ones, kept passwords, then the change; names the version lacks are dropped. */
function valuesForUpdate(
  manifest: TemplateManifest,
  previous: Revision,
  existing: Record<string, string>,
  changed: Record<string, string> | undefined,
): Record<string, string> {
  // Password variables live with the secrets; one left out of the change keeps its value.
  const keptPasswords = Object.fromEntries(
    manifest.variables
      .filter((v) => v.type === 'password' && existing[v.name] !== undefined)
      .map((v) => [v.name, existing[v.name] ?? '']),
  );
  const given = { ...previous.variables, ...keptPasswords, ...changed };
  return Object.fromEntries(
    Object.entries(given).filter(([name]) => manifest.variables.some((v) => v.name === name)),
  );
}

export const update = (
  deps: OperationDeps,
  id: string,
  change: {
    version?: string | undefined;
    variables?: Record<string, string> | undefined;
    acceptFindings?: readonly string[];
  },
) =>
  replaceRevision(deps, id, 'update', async (deployment, previous) => {
    const existing = await deps.secrets.read(deployment.id);
    const deployable = checkDeployable(deps.ports, {
      subject: deployment.name,
      templateId: deployment.templateId,
      templateLabel: deployment.templateName,
      version: change.version ?? previous.templateVersion,
      values: (manifest) => valuesForUpdate(manifest, previous, existing, change.variables),
      placeOn: () => ({ id: deployment.nodeId }),
      accepted: { before: previous.acceptedFindings, given: change.acceptFindings ?? [] },
    });
    const { content, secret } = newRevision(deployable);
    const generated = deps.ports.engine.generateSecrets(deployable.template.manifest);
    // Secrets a deployment already has stay as they are: a database keeps its password across updates.
    await deps.secrets.write(deployment.id, { ...generated, ...existing, ...secret });
    return content;
  });

export const rollback = (deps: OperationDeps, id: string, acceptFindings: readonly string[] = []) =>
  replaceRevision(deps, id, 'rollback', (deployment, previous) => {
    const target = deps.repository
      .revisions(deployment.id)
      .find((r) => r.revision < previous.revision && r.status === 'superseded');
    if (!target)
      return Promise.reject(
        new AppError('conflict', `${deployment.name} has no earlier revision to roll back to.`),
      );
    // What the earlier revision asks of the node is judged against what is accepted now.
    const acceptedFindings = checkStored(deps.ports, {
      subject: deployment.name,
      template: target.template,
      nodeId: deployment.nodeId,
      accepted: { before: previous.acceptedFindings, given: acceptFindings },
    });
    const { templateVersion, template, variables, secretNames } = target;
    return Promise.resolve({ templateVersion, template, variables, secretNames, acceptedFindings });
  });

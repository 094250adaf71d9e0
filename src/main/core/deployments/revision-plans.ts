import type { JobContext } from '../jobs/job-runner';
import type { ApplyOptions } from './apply-plan';
import { buildPlan } from './build-plan';
import { policyContext } from './deployable';
import type { DeploymentRepository } from './deployment-repository';
import type { DeploymentSecrets } from './deployment-secrets';
import type { Deployment, Revision } from './deployment-types';
import type { ReadinessOptions } from './docker-readiness';
import type { DeploymentPlan } from './plan-types';
import type { PortGrant } from './port-allocator';
import type { DeploymentPorts } from './ports';
import { requireAccepted } from './policy-gate';
import { applySettings, nodeCpusOf, replicasOf } from './service-settings';

/** A rendered revision, with the node's CPU count when known (a Docker CPU limit may not exceed it). */
export type Rendered = ReturnType<DeploymentPorts['engine']['render']> & { nodeCpus: number | null };

/** The Docker resources of a rendered revision, with its settings, on the given host ports. */
export const planOf = (
  deployment: Deployment,
  revision: Revision,
  rendered: Rendered,
  grants: readonly PortGrant[],
): DeploymentPlan =>
  buildPlan({
    deploymentId: deployment.id,
    project: deployment.name,
    revision: revision.revision,
    compose: applySettings(
      rendered.compose,
      revision.template.manifest,
      revision.settings,
      rendered.nodeCpus,
    ),
    exposure: deployment.exposure,
    ports: grants,
    files: rendered.files,
    replicas: replicasOf(revision.settings),
  });

/** Stored revisions made concrete: values from the database and the keychain, rendered and planned. */
export function createRevisionPlans(deps: {
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  secrets: DeploymentSecrets;
  readiness: () => ReadinessOptions;
  now: () => Date;
}) {
  const { repository, ports } = deps;

  const valuesOf = async (deployment: Deployment, revision: Revision) => ({
    ...revision.variables,
    ...(await deps.secrets.read(deployment.id)),
  });

  /**
   * The revision's compose with every value filled in. Rendered for containers to be created, it is
   * given `accepted`, the finding keys the user said yes to: one that asks for anything more of the
   * node is refused before the node hears of it.
   */
  async function render(
    deployment: Deployment,
    revision: Revision,
    accepted?: readonly string[],
  ): Promise<Rendered> {
    const context = policyContext(ports.nodes, deployment.nodeId);
    const rendered = ports.engine.render(revision.template, await valuesOf(deployment, revision), context);
    if (accepted) requireAccepted(rendered.findings, accepted, deployment.name);
    return { ...rendered, nodeCpus: nodeCpusOf(ports.nodes, deployment.nodeId) };
  }

  return {
    render,
    /** The plan of a stored revision on the ports the deployment holds (checked against `accepted` when given). */
    planFor: async (deployment: Deployment, revision: Revision, accepted?: readonly string[]) =>
      planOf(
        deployment,
        revision,
        await render(deployment, revision, accepted),
        repository.allocationsOf(deployment.id),
      ),
    applyOptions: (job: JobContext): ApplyOptions => ({
      signal: job.signal,
      step: (step, fraction, detail) => job.progress({ step, fraction, detail }),
      readiness: deps.readiness(),
      now: deps.now,
      registryAuth: (image) => ports.registryAuth(image),
    }),
  };
}

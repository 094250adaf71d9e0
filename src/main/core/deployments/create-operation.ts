import { randomUUID } from 'node:crypto';
import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import type { CreateDeploymentInput } from '@shared/contract/deployments';
import { AppError } from '@shared/result';
import { checkDeployable, newRevision, type Deployable } from './deployable';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, RevisionContent } from './deployment-types';
import { deployRevision } from './deploy-revision';
import { needsOf, placeDeployment, type Needs } from './placement';

export type CreateRequest = CreateDeploymentInput & {
  nodeId: string;
  name: string;
  templateId: string;
  version: string;
};

/** What the deployments on a node were promised, by their templates' resources. */
export const needsOnNode = (deps: OperationDeps, nodeId: string): Needs[] =>
  deps.repository.listOnNode(nodeId).flatMap((deployment) => {
    const revision = deps.repository.currentRevision(deployment);
    return revision ? [needsOf(revision.template.manifest)] : [];
  });

/**
 * A new deployment: the template checked and placed, a row and revision 1, generated secrets to the
 * keychain; then a job that deploys it.
 */
export async function createDeployment(
  deps: OperationDeps,
  input: CreateRequest,
  copied: { secrets: Record<string, string>; settings?: DeploymentSettings } = { secrets: {} },
) {
  const deployable = checkDeployable(deps.ports, {
    subject: input.name,
    templateId: input.templateId,
    templateLabel: input.templateId,
    version: input.version,
    values: () => input.variables ?? {},
    placeOn: (found) =>
      placeDeployment(
        deps.ports.nodes.list(),
        input.nodeId,
        input.tags ?? [],
        needsOf(found.manifest),
        found.templateName,
        (nodeId) => needsOnNode(deps, nodeId),
      ),
    accepted: { before: [], given: input.acceptFindings ?? [] },
  });
  const { node } = deployable;
  if (deps.repository.findByName(node.id, input.name))
    throw new AppError(
      'conflict',
      `${node.name} already has a deployment named ${input.name}; pick another name.`,
      {
        field: 'name',
      },
    );
  const id = randomUUID();
  const { content, secret } = newRevision(deployable, copied.settings);
  await deps.secrets.write(id, {
    ...deps.ports.engine.generateSecrets(deployable.template.manifest),
    ...copied.secrets,
    ...secret,
  });
  const deployment = await record(deps, { id, input, deployable, content });
  deps.runtime.announceCreated(deployment, 'deploy requested');
  return deps.runtime.runJob(deployment, 'deploy', (job, docker) =>
    deployRevision(deps, deps.runtime.load(id), job, docker),
  );
}

/** The deployment's row and revision 1; the secrets just written go again if either cannot be stored. */
async function record(
  deps: OperationDeps,
  {
    id,
    input,
    deployable,
    content,
  }: { id: string; input: CreateRequest; deployable: Deployable<{ id: string }>; content: RevisionContent },
): Promise<Deployment> {
  const at = deps.runtime.now();
  try {
    const deployment = deps.repository.create(
      {
        id,
        name: input.name,
        nodeId: deployable.node.id,
        templateId: input.templateId,
        templateName: deployable.templateName,
        templateVersion: input.version,
        customerId: input.customerId ?? null,
        exposure: input.exposure ?? 'private',
        priceMonthlyCents: deployable.template.manifest.price_monthly_cents,
        priceOverrideCents: input.priceOverrideCents ?? null,
        createdAt: at,
      },
      'deploy requested',
    );
    deps.repository.addRevision(id, content, at);
    return deployment;
  } catch (error) {
    await deps.secrets.remove(id);
    throw error;
  }
}

/**
 * The same template version, settings and secrets as an existing deployment, deployed on another
 * node: what a move restores a backup into. The safety findings the source accepted are accepted again.
 */
export async function copyDeployment(
  deps: OperationDeps,
  sourceId: string,
  to: { nodeId: string; name: string; version?: string },
) {
  const source = deps.runtime.load(sourceId);
  const revision = deps.repository.activeRevision(source) ?? deps.repository.currentRevision(source);
  if (!revision) throw new AppError('conflict', `${source.name} has never been deployed; there is nothing to copy.`);
  if (to.nodeId === source.nodeId)
    throw new AppError('invalid_input', `${source.name} already runs on that node; choose another one.`, {
      field: 'nodeId',
    });
  const secrets = await deps.secrets.read(sourceId);
  const variableNames = new Set(revision.template.manifest.variables.map((variable) => variable.name));
  const secretVariables = Object.fromEntries(Object.entries(secrets).filter(([name]) => variableNames.has(name)));
  return createDeployment(
    deps,
    {
      templateId: source.templateId,
      version: to.version ?? revision.templateVersion,
      name: to.name,
      nodeId: to.nodeId,
      tags: [],
      variables: { ...revision.variables, ...secretVariables },
      exposure: source.exposure,
      customerId: source.customerId,
      priceOverrideCents: source.priceOverrideCents,
      acceptFindings: revision.acceptedFindings,
    },
    // Settings name the source version's services: another version starts from its template's own.
    {
      secrets,
      ...(to.version === undefined || to.version === revision.templateVersion
        ? { settings: revision.settings }
        : {}),
    },
  );
}

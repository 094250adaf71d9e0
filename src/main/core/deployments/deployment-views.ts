import type { DeploymentDetail, Revision as RevisionView } from '@shared/contract/deployments';
import type { DeploymentSummary, Exposure } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import type { Deployment, PortAllocation, Revision, TransitionRecord } from './deployment-types';
import { reachabilityOf } from './reachability';
import { allowedActions } from './state-machine';

const publicUrl = (
  exposure: Exposure,
  node: Node | undefined,
  port: PortAllocation | undefined,
): string | null =>
  exposure === 'public' && node && port && port.protocol === 'tcp'
    ? `http://${node.kind === 'local' ? '127.0.0.1' : node.host}:${port.hostPort}/`
    : null;

export function toSummary(
  deployment: Deployment,
  node: Node | undefined,
  allocations: readonly PortAllocation[],
  known: { primaryService: string | null; updateAvailable: string | null },
): DeploymentSummary {
  const primaryService = known.primaryService;
  const primary = allocations.find((p) => p.service === primaryService) ?? allocations[0];
  return {
    id: deployment.id,
    name: deployment.name,
    nodeId: deployment.nodeId,
    templateId: deployment.templateId,
    templateName: deployment.templateName,
    templateVersion: deployment.templateVersion,
    customerId: deployment.customerId,
    status: deployment.status,
    reachability: reachabilityOf(node),
    updateAvailable: known.updateAvailable,
    exposure: deployment.exposure,
    priceMonthlyCents: deployment.priceOverrideCents ?? deployment.priceMonthlyCents,
    url: publicUrl(deployment.exposure, node, primary),
    error: deployment.error,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
  };
}

export const toRevisionView = (revision: Revision): RevisionView => ({
  revision: revision.revision,
  templateVersion: revision.templateVersion,
  status: revision.status,
  compose: revision.template.compose,
  variables: revision.variables,
  secretNames: revision.secretNames,
  imageDigests: revision.imageDigests,
  settings: revision.settings,
  createdAt: revision.createdAt,
});

export function toDetail(
  summary: DeploymentSummary,
  extra: {
    services: string[];
    node: Node | undefined;
    allocations: readonly PortAllocation[];
    revisions: readonly Revision[];
    transitions: readonly TransitionRecord[];
    notes: string;
    activeJobId: string | null;
  },
): DeploymentDetail {
  return {
    ...summary,
    nodeName: extra.node?.name ?? 'a removed node',
    ports: extra.allocations.map((p) => ({
      service: p.service,
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      protocol: p.protocol,
      url: publicUrl(summary.exposure, extra.node, p),
    })),
    services: extra.services,
    actions: extra.activeJobId
      ? []
      : allowedActions(summary.status).filter(
          (a) => a !== 'rollback' || extra.revisions.some((r) => r.status === 'superseded'),
        ),
    revisions: extra.revisions.map(toRevisionView),
    transitions: [...extra.transitions],
    notes: extra.notes,
    activeJobId: extra.activeJobId,
  };
}

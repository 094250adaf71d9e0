import type { DeploymentDetail } from '@shared/contract/deployments';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import type { DeploymentRow, PortAllocationRow, RevisionRow, TransitionRow } from './deployment-repository';
import { allowedActions } from './state-machine';

const publicUrl = (
  row: DeploymentRow,
  node: Node | undefined,
  port: PortAllocationRow | undefined,
): string | null =>
  row.exposure === 'public' && node && port && port.protocol === 'tcp'
    ? `http://${node.kind === 'local' ? '127.0.0.1' : node.host}:${port.host_port}/`
    : null;

export function toSummary(
  row: DeploymentRow,
  node: Node | undefined,
  ports: readonly PortAllocationRow[],
  primaryService: string | null,
): DeploymentSummary {
  const primary = ports.find((p) => p.service === primaryService) ?? ports[0];
  return {
    id: row.id,
    name: row.name,
    nodeId: row.node_id,
    templateId: row.template_id,
    templateName: row.template_name,
    templateVersion: row.template_version,
    customerId: row.customer_id,
    status: row.status,
    exposure: row.exposure,
    priceMonthlyCents: row.price_override_cents ?? row.price_monthly_cents,
    url: publicUrl(row, node, primary),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const toRevision = (row: RevisionRow) => ({
  revision: row.revision,
  templateVersion: row.template_version,
  status: row.status,
  compose: row.compose,
  variables: JSON.parse(row.variables) as Record<string, string>,
  secretNames: JSON.parse(row.secret_names) as string[],
  imageDigests: JSON.parse(row.image_digests) as Record<string, string>,
  createdAt: row.created_at,
});

export function toDetail(
  summary: DeploymentSummary,
  extra: {
    node: Node | undefined;
    ports: readonly PortAllocationRow[];
    revisions: readonly RevisionRow[];
    transitions: readonly TransitionRow[];
    notes: string;
    activeJobId: string | null;
  },
): DeploymentDetail {
  const row = { exposure: summary.exposure } as DeploymentRow;
  return {
    ...summary,
    nodeName: extra.node?.name ?? 'a removed node',
    ports: extra.ports.map((p) => ({
      service: p.service,
      containerPort: p.container_port,
      hostPort: p.host_port,
      protocol: p.protocol,
      url: publicUrl(row, extra.node, p),
    })),
    actions: extra.activeJobId
      ? []
      : allowedActions(summary.status).filter(
          (a) => a !== 'rollback' || extra.revisions.some((r) => r.status === 'superseded'),
        ),
    revisions: extra.revisions.map(toRevision),
    transitions: extra.transitions.map((t) => ({
      from: t.from_status,
      to: t.to_status,
      cause: t.cause,
      at: t.at,
    })),
    notes: extra.notes,
    activeJobId: extra.activeJobId,
  };
}

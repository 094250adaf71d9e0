import type { Reachability } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import type { Deployment } from './deployment-types';
import type { DeploymentPorts } from './ports';

/**
 * A node is unreachable once its health says `offline` (a dropped connection says so at once) or
 * when it is gone. `unknown` (not checked yet) and `maintenance` still let the user act: the
 * connection itself then says whether the node answers.
 */
export const reachabilityOf = (node: Node | undefined): Reachability =>
  !node
    ? { nodeReachable: false, since: null }
    : { nodeReachable: node.status !== 'offline', since: node.status === 'offline' ? node.lastSeenAt : null };

const readable = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Why an action that needs the node is refused now, or null when the node can be seen. */
export function unreachableReason(node: Node | undefined): string | null {
  const { nodeReachable, since } = reachabilityOf(node);
  if (nodeReachable) return null;
  if (!node) return 'Its node was removed; nothing can be done on it.';
  return since
    ? `${node.name} has been unreachable since ${readable(since)}; try again when it is back.`
    : `${node.name} cannot be reached; try again when it is back.`;
}

/**
 * Refuses at once, with the reason, an action that would act on a node that cannot be seen: it is
 * never half-done, and nothing is changed on the node's behalf.
 */
export function requireReachable(ports: DeploymentPorts, deployment: Deployment): void {
  const reason = unreachableReason(ports.nodes.get(deployment.nodeId));
  if (reason)
    throw new AppError('host_unreachable', reason, {
      details: { nodeId: deployment.nodeId },
    });
}

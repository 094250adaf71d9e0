import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import type { NodeConnections } from '../ssh/node-connections';

/** A deployment this app has (any node, not deleted), with the image references its current revision runs. */
export interface KnownDeployment {
  id: string;
  name: string;
  nodeId: string;
  status: DeploymentStatus;
  /** References and digests (`busybox:1`, `busybox@sha256:…`): an image matching one is never pruned. */
  images: readonly string[];
}

/** What the inventory needs from other features, wired in create-core. */
export interface InventoryPorts {
  nodes: { get(nodeId: string): Node | undefined };
  connections: Pick<NodeConnections, 'docker'>;
  /** The deployments feature's `withImages`: every deployment this app has, on any node. */
  deployments: { withImages(): KnownDeployment[] };
}

import type { ParsedKey } from 'ssh2';
import type { CloudProviderId } from '@shared/contract/cloud';
import type { Node, NodeDeployment, NodeFields, NodeTest } from '@shared/contract/nodes';
import type { CloudProvider } from './providers/provider';
import type { ReadinessTimings } from './readiness';

/** What the cloud feature needs from the rest of the core, wired in create-core. */
export interface CloudPorts {
  providers: Record<CloudProviderId, CloudProvider>;
  keys: {
    /** The authorized_keys line of a stored key; throws `not_found` for an unknown id. */
    publicKey: (keyId: string) => string;
    parsedKey: (keyId: string) => Promise<ParsedKey>;
  };
  nodes: {
    list: () => Pick<Node, 'id' | 'name' | 'hostKeyFingerprint'>[];
    /** Adds a node with its host key pinned, and tests it. */
    add: (input: NodeFields & { hostKeyFingerprint: string }) => Promise<{ node: Node; test: NodeTest }>;
    /** Tests a node again; its status follows. */
    check: (nodeId: string) => Promise<NodeTest>;
    /** Forgets a node; refused while deployments are on it. */
    remove: (nodeId: string) => void;
    deploymentsOn: (nodeId: string) => NodeDeployment[];
  };
  timings?: Partial<ReadinessTimings>;
}

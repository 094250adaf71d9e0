import type Docker from 'dockerode';
import type { Node } from '@shared/contract/nodes';
import type { NodeConnections } from '../ssh/node-connections';

/** A deployment as a route sees it: where it runs, whether it runs, and its published TCP ports. */
export interface RouteTarget {
  id: string;
  name: string;
  nodeId: string;
  status: string;
  primaryService: string | null;
  ports: { service: string; containerPort: number; hostPort: number }[];
}

/** What the domains feature needs from nodes, their connections and deployments, wired in create-core. */
export interface DomainPorts {
  nodes: { get(nodeId: string): Node | undefined };
  connections: Pick<NodeConnections, 'docker' | 'openLocalForward' | 'exec'>;
  deployments: { target(id: string): RouteTarget | null };
  registryAuth(image: string): Promise<Docker.AuthConfig | undefined>;
  /** The DNS servers "this computer" asks in a domain check; undefined for the system's own. */
  systemDnsServers?: readonly string[] | undefined;
}

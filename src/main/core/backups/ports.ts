import type { Node } from '@shared/contract/nodes';
import type { DataHold, DataTarget, DataWork } from '../deployments';
import type { NodeConnections } from '../ssh/node-connections';

export type { DataContext, DataHold, DataTarget, DataWork } from '../deployments';

/** What the backups feature needs from nodes, their connections and deployments, wired in create-core. */
export interface BackupPorts {
  nodes: { get(nodeId: string): Node | undefined; list(): Node[] };
  connections: Pick<NodeConnections, 'docker' | 'diskSpace'>;
  deployments: {
    list(): { id: string; name: string; nodeId: string; status: string }[];
    target(id: string): Promise<DataTarget | null>;
    /** Starts `work` as a job on the deployment, holding it stopped around `offline` as asked. */
    run(id: string, hold: DataHold, work: DataWork): { deploymentId: string; jobId: string };
    /** The same template version, settings and secrets deployed on another node (a job). */
    copy(sourceId: string, to: { nodeId: string; name: string; version: string }): Promise<{ deploymentId: string; jobId: string }>;
  };
  /** restic's path when set; else $HOSTER_RESTIC, the app's resources, then the PATH. */
  resticPath?: string | undefined;
  resourcesDir?: string | undefined;
}

import type Docker from 'dockerode';
import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { Node } from '@shared/contract/nodes';
import type { TemplateBackupCommand } from '@shared/contract/template-model';
import type { JobContext } from '../jobs/job-runner';
import type { NodeConnections } from '../ssh/node-connections';

/** A deployment's data as the deployments feature describes it: volumes, who mounts them, declared dumps. */
export interface DataTarget {
  id: string;
  name: string;
  nodeId: string;
  status: DeploymentStatus;
  templateId: string;
  templateVersion: string;
  diskMb: number;
  backupCommands: TemplateBackupCommand[];
  services: { service: string; containerName: string; image: string; volumes: string[] }[];
  volumes: { name: string; dockerName: string; labels: Record<string, string>; driverOpts: Record<string, string> }[];
}

export interface DataContext {
  job: JobContext;
  docker: Docker;
  target: DataTarget;
}

/** Work on a deployment's data, in the phases the deployments feature runs it in (see its data-operations). */
export interface DataWork {
  before?: (context: DataContext) => Promise<void>;
  offline?: (context: DataContext) => Promise<void>;
  online?: (context: DataContext) => Promise<void>;
}

export interface DataHold {
  kind: 'backup' | 'restore';
  hold: 'none' | 'stop' | 'replace';
  startAfter: boolean;
  startFirst?: string[];
}

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

import type { Database } from '../db/database';
import type { Deployment, PortAllocation } from './deployment-types';
import type { PortGrant } from './port-allocator';

interface AllocationRow {
  node_id: string;
  host_port: number;
  deployment_id: string;
  service: string;
  container_port: number;
  protocol: PortAllocation['protocol'];
}

const toAllocation = (row: AllocationRow): PortAllocation => ({
  nodeId: row.node_id,
  deploymentId: row.deployment_id,
  service: row.service,
  containerPort: row.container_port,
  protocol: row.protocol,
  hostPort: row.host_port,
});

/** The host ports each deployment holds on its node (migration 004), kept while it exists. */
export function createAllocationStore(db: Database) {
  const select = (where: string, param: string): PortAllocation[] =>
    db
      .prepare<[string], AllocationRow>(`SELECT * FROM port_allocations WHERE ${where}`)
      .all(param)
      .map(toAllocation);
  const release = db.prepare('DELETE FROM port_allocations WHERE deployment_id = ?');
  const insert = db.prepare(
    `INSERT INTO port_allocations (node_id, host_port, deployment_id, service, container_port, protocol)
     VALUES (@nodeId, @hostPort, @deploymentId, @service, @containerPort, @protocol)`,
  );

  return {
    /** A deployment's host ports, lowest first. */
    allocationsOf: (id: string) => select('deployment_id = ? ORDER BY host_port', id),
    allocationsOnNode: (nodeId: string) => select('node_id = ?', nodeId),
    replaceAllocations(deployment: Pick<Deployment, 'id' | 'nodeId'>, grants: readonly PortGrant[]): void {
      db.transaction(() => {
        release.run(deployment.id);
        for (const grant of grants)
          insert.run({
            nodeId: deployment.nodeId,
            deploymentId: deployment.id,
            service: grant.service,
            containerPort: grant.containerPort,
            protocol: grant.protocol,
            hostPort: grant.hostPort,
          });
      })();
    },
    releaseAllocations: (id: string): void => void release.run(id),
  };
}

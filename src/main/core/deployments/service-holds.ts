import type { CoreContext } from '../core-context';
import type { Database } from '../db/database';

/**
 * The services the user stopped on their own (migration 012). A start, restart or update of the
 * whole deployment (it passes through `starting` or `updating`) brings every service up, so they
 * are released then; a delete releases them too.
 */
export function createServiceHolds(db: Database) {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO deployment_stopped_services (deployment_id, service, stopped_at) VALUES (?, ?, ?)',
  );
  const remove = db.prepare(
    'DELETE FROM deployment_stopped_services WHERE deployment_id = ? AND service = ?',
  );
  const removeAll = db.prepare('DELETE FROM deployment_stopped_services WHERE deployment_id = ?');
  const select = db.prepare<[string], { service: string }>(
    'SELECT service FROM deployment_stopped_services WHERE deployment_id = ? ORDER BY service',
  );
  return {
    hold: (deploymentId: string, service: string, at: string) => void insert.run(deploymentId, service, at),
    release: (deploymentId: string, service: string) => void remove.run(deploymentId, service),
    releaseAll: (deploymentId: string) => void removeAll.run(deploymentId),
    of: (deploymentId: string): string[] => select.all(deploymentId).map((row) => row.service),
  };
}

export type ServiceHolds = ReturnType<typeof createServiceHolds>;

/** Releases a deployment's held services as a whole-deployment operation brings them all up again. */
export const releaseOnWholeOperations = (events: CoreContext['events'], holds: ServiceHolds): (() => void) =>
  events.on('deployments:transitioned', ({ deployment, to }) => {
    if (to === 'starting' || to === 'updating' || to === 'deleting' || to === 'deleted')
      holds.releaseAll(deployment.id);
  });

import type { Migration } from './index';

/**
 * The services of a deployment the user stopped on their own: the deployment stays running, its
 * health and reconciliation leave them down, and a start of the whole deployment brings them back.
 */
export const stoppedServices: Migration = {
  version: 12,
  name: 'stopped-services',
  up: (db) => {
    db.exec(`
      CREATE TABLE deployment_stopped_services (
        deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
        service TEXT NOT NULL,
        stopped_at TEXT NOT NULL,
        PRIMARY KEY (deployment_id, service)
      );
    `);
  },
};

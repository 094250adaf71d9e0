import type { Migration } from './index';

/**
 * Each revision's per-service settings (JSON: extra environment, limits, replicas by service name).
 * Revisions made before start with none: they run as their template says, within its declared resources.
 */
export const revisionSettings: Migration = {
  version: 11,
  name: 'revision-settings',
  up: (db) => {
    db.exec(`ALTER TABLE deployment_revisions ADD COLUMN settings TEXT NOT NULL DEFAULT '{"services":{}}';`);
  },
};

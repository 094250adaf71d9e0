import type { Migration } from './index';

/**
 * The safety-policy findings the user said yes to, per revision (a JSON array of finding keys).
 * Revisions made before there was a record start with none: such a deployment is started, updated or
 * rolled back only after the user has seen and accepted what it hands its containers.
 */
export const acceptedFindings: Migration = {
  version: 8,
  name: 'accepted-findings',
  up: (db) => {
    db.exec(`ALTER TABLE deployment_revisions ADD COLUMN accepted_findings TEXT NOT NULL DEFAULT '[]';`);
  },
};

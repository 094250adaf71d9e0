import type { Migration } from './index';

/**
 * Logins to container registries, one per host. The password or token is never stored here: it
 * lives in the OS keychain under `registry-login:<id>`.
 */
export const registryLogins: Migration = {
  version: 7,
  name: 'registry-logins',
  up: (db) => {
    db.exec(`
      CREATE TABLE registry_logins (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL UNIQUE,
        username TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        verified_at TEXT,
        verified_node_id TEXT,
        verified_node_name TEXT
      );
    `);
  },
};

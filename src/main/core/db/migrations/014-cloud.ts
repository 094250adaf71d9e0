import type { Migration } from './index';

/**
 * Servers the app creates at cloud providers: this installation's id (every resource created at a
 * provider carries it), the account each saved token belongs to (the token itself is in the
 * keychain), and each server from its request to its retirement.
 */
export const cloud: Migration = {
  version: 14,
  name: 'cloud',
  up: (db) => {
    db.exec(`
      CREATE TABLE cloud_installation (
        id TEXT PRIMARY KEY
      );
      INSERT INTO cloud_installation (id) VALUES (lower(hex(randomblob(8))));

      CREATE TABLE cloud_accounts (
        provider TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        detail TEXT,
        checked_at TEXT NOT NULL
      );

      CREATE TABLE cloud_servers (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        provider_server_id TEXT,
        name TEXT NOT NULL,
        region TEXT NOT NULL,
        size TEXT NOT NULL,
        image TEXT NOT NULL,
        key_id TEXT NOT NULL,
        monthly_price_cents INTEGER NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        step TEXT NOT NULL,
        ipv4 TEXT,
        host_key_fingerprint TEXT NOT NULL,
        node_id TEXT,
        job_id TEXT,
        error_code TEXT,
        error_message TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX cloud_servers_node ON cloud_servers (node_id);
    `);
  },
};

import type { Migration } from './index';

/**
 * Domains routed to deployments by each node's proxy, and the proxy each node runs. A hostname is
 * routed once across the fleet. The certificate columns hold what the proxy last served, read over
 * TLS from the proxy itself. A password-protected domain keeps its user name here; its password and
 * hash live in the keychain.
 */
export const domains: Migration = {
  version: 9,
  name: 'domains',
  up: (db) => {
    db.exec(`
      CREATE TABLE domains (
        id TEXT PRIMARY KEY,
        deployment_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        hostname TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('automatic', 'custom')),
        service TEXT NOT NULL,
        port INTEGER NOT NULL,
        status TEXT NOT NULL,
        basic_auth_user TEXT,
        error TEXT,
        cert_issuer TEXT,
        cert_subject TEXT,
        cert_not_after TEXT,
        cert_checked_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX domains_deployment ON domains (deployment_id);
      CREATE INDEX domains_node ON domains (node_id);
      CREATE TABLE node_proxies (
        node_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        image TEXT,
        version TEXT,
        config_hash TEXT,
        error TEXT,
        checked_at TEXT
      );
    `);
  },
};

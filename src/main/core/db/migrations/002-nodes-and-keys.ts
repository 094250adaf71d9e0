import type { Migration } from './index';

export const nodesAndKeys: Migration = {
  version: 2,
  name: 'nodes-and-keys',
  up: (db) => {
    // Private keys and passphrases never come here: they live in the secret store as `ssh-key:<id>`.
    db.exec(`
      CREATE TABLE ssh_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('ed25519','rsa','ecdsa')),
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        is_encrypted INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('ssh','local')),
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        username TEXT NOT NULL,
        auth TEXT NOT NULL CHECK (auth IN ('key','agent')),
        key_id TEXT REFERENCES ssh_keys(id),
        jump_node_id TEXT REFERENCES nodes(id),
        docker_socket TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        monthly_cost_cents INTEGER NOT NULL DEFAULT 0,
        host_key_fingerprint TEXT,
        is_maintenance INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown','online','degraded','offline','maintenance')),
        last_seen_at TEXT,
        last_checked_at TEXT,
        latency_ms REAL,
        last_error TEXT,
        resources TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX nodes_key ON nodes (key_id);
      CREATE INDEX nodes_jump ON nodes (jump_node_id);

      CREATE TABLE node_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        message TEXT
      );
      CREATE INDEX node_events_node ON node_events (node_id, id DESC);

      -- One-time decisions of the app, such as "the local node was offered once".
      CREATE TABLE app_flags (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};

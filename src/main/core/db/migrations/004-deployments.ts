import type { Migration } from './index';

const deploymentTables = `
      CREATE TABLE deployments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        node_id TEXT NOT NULL,
        template_id TEXT NOT NULL,
        template_name TEXT NOT NULL,
        template_version TEXT NOT NULL,
        customer_id TEXT,
        status TEXT NOT NULL,
        exposure TEXT NOT NULL CHECK (exposure IN ('private', 'public')),
        price_monthly_cents INTEGER NOT NULL DEFAULT 0,
        price_override_cents INTEGER,
        current_revision INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- A name is unique on its node among deployments that still exist.
      CREATE UNIQUE INDEX deployments_node_name ON deployments (node_id, name) WHERE status != 'deleted';
      CREATE INDEX deployments_status ON deployments (status);

      CREATE TABLE deployment_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deployment_id TEXT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        from_status TEXT,
        to_status TEXT NOT NULL,
        cause TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX deployment_transitions_deployment ON deployment_transitions (deployment_id, id);
`;

const revisionTables = `
      -- What was deployed at each revision: the compose with its placeholders, the values of the
      -- non-secret variables, the names (never the values) of the secrets, and the image digests.
      CREATE TABLE deployment_revisions (
        deployment_id TEXT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        template_version TEXT NOT NULL,
        manifest TEXT NOT NULL,
        compose TEXT NOT NULL,
        variables TEXT NOT NULL,
        secret_names TEXT NOT NULL,
        image_digests TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'superseded', 'failed')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (deployment_id, revision)
      );
`;

const portTables = `
      -- Host ports stay reserved for a deployment while it exists, stopped or not.
      CREATE TABLE port_allocations (
        node_id TEXT NOT NULL,
        host_port INTEGER NOT NULL,
        deployment_id TEXT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        service TEXT NOT NULL,
        container_port INTEGER NOT NULL,
        protocol TEXT NOT NULL DEFAULT 'tcp',
        PRIMARY KEY (node_id, host_port, protocol)
      );
    `;

export const deployments: Migration = {
  version: 4,
  name: 'deployments',
  up: (db) => {
    // The parts join into the very text databases already ran, whitespace included.
    db.exec(deploymentTables + revisionTables + portTables);
  },
};

import type { CloudAccount, CloudProviderId, CloudServer, CloudServerStatus, CloudStep } from '@shared/contract/cloud';
import type { Database } from '../db/database';

interface ServerRow {
  id: string;
  provider: CloudProviderId;
  provider_server_id: string | null;
  name: string;
  region: string;
  size: string;
  image: string;
  key_id: string;
  monthly_price_cents: number;
  currency: string;
  status: CloudServerStatus;
  step: CloudStep;
  ipv4: string | null;
  host_key_fingerprint: string;
  node_id: string | null;
  job_id: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
}

/** A server row with what only the core needs: the key its node logs in with. */
export type StoredServer = CloudServer & { keyId: string };

const toServer = (row: ServerRow): StoredServer => ({
  id: row.id,
  provider: row.provider,
  providerServerId: row.provider_server_id,
  name: row.name,
  region: row.region,
  size: row.size,
  image: row.image,
  keyId: row.key_id,
  monthlyPriceCents: row.monthly_price_cents,
  currency: row.currency,
  status: row.status,
  step: row.step,
  ipv4: row.ipv4,
  hostKeyFingerprint: row.host_key_fingerprint,
  nodeId: row.node_id,
  jobId: row.job_id,
  error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The public shape, without the key id. */
export const publicServer = ({ keyId: _keyId, ...server }: StoredServer): CloudServer => server;

export type ServerChange = Partial<{
  providerServerId: string;
  status: CloudServerStatus;
  step: CloudStep;
  ipv4: string;
  nodeId: string;
  jobId: string;
  error: { code: string; message: string } | null;
}>;

const columns: Record<keyof Omit<ServerChange, 'error'>, string> = {
  providerServerId: 'provider_server_id',
  status: 'status',
  step: 'step',
  ipv4: 'ipv4',
  nodeId: 'node_id',
  jobId: 'job_id',
};

export function createCloudRepository(db: Database) {
  const installId = (db.prepare('SELECT id FROM cloud_installation').get() as { id: string }).id;
  const get = (id: string) => {
    const row = db.prepare('SELECT * FROM cloud_servers WHERE id = ?').get(id) as ServerRow | undefined;
    return row ? toServer(row) : null;
  };
  return {
    /** This installation's id, carried by every resource it creates at a provider. */
    installId,
    get,
    byNode: (nodeId: string) => {
      const row = db.prepare('SELECT * FROM cloud_servers WHERE node_id = ? ORDER BY created_at DESC LIMIT 1').get(nodeId) as ServerRow | undefined;
      return row ? toServer(row) : null;
    },
    list: () => (db.prepare('SELECT * FROM cloud_servers ORDER BY created_at DESC').all() as ServerRow[]).map(toServer),
    inStatus: (statuses: CloudServerStatus[]) =>
      (db.prepare(`SELECT * FROM cloud_servers WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY created_at`).all(...statuses) as ServerRow[]).map(toServer),
    insert(server: StoredServer) {
      db.prepare(
        `INSERT INTO cloud_servers (id, provider, provider_server_id, name, region, size, image, key_id, monthly_price_cents, currency,
           status, step, ipv4, host_key_fingerprint, node_id, job_id, error_code, error_message, created_at, updated_at)
         VALUES (@id, @provider, NULL, @name, @region, @size, @image, @keyId, @monthlyPriceCents, @currency,
           @status, @step, NULL, @hostKeyFingerprint, NULL, NULL, NULL, NULL, @createdAt, @updatedAt)`,
      ).run(server);
    },
    update(id: string, change: ServerChange, at: string): StoredServer {
      const sets = ['updated_at = @at'];
      const values: Record<string, unknown> = { id, at };
      for (const [field, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
        if (change[field] === undefined) continue;
        sets.push(`${column} = @${field}`);
        values[field] = change[field];
      }
      if (change.error !== undefined) {
        sets.push('error_code = @errorCode', 'error_message = @errorMessage');
        values.errorCode = change.error?.code ?? null;
        values.errorMessage = change.error?.message ?? null;
      }
      db.prepare(`UPDATE cloud_servers SET ${sets.join(', ')} WHERE id = @id`).run(values);
      const server = get(id);
      if (!server) throw new Error(`cloud server ${id} vanished`);
      return server;
    },
    account: (provider: CloudProviderId): CloudAccount | null => {
      const row = db.prepare('SELECT label, detail, checked_at FROM cloud_accounts WHERE provider = ?').get(provider) as
        | { label: string; detail: string | null; checked_at: string }
        | undefined;
      return row ? { label: row.label, detail: row.detail, checkedAt: row.checked_at } : null;
    },
    saveAccount(provider: CloudProviderId, account: CloudAccount) {
      db.prepare(
        `INSERT INTO cloud_accounts (provider, label, detail, checked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (provider) DO UPDATE SET label = excluded.label, detail = excluded.detail, checked_at = excluded.checked_at`,
      ).run(provider, account.label, account.detail, account.checkedAt);
    },
    forgetAccount: (provider: CloudProviderId) => db.prepare('DELETE FROM cloud_accounts WHERE provider = ?').run(provider),
  };
}

export type CloudRepository = ReturnType<typeof createCloudRepository>;

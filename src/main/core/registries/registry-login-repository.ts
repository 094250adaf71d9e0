import type { RegistryLogin } from '@shared/contract/registries';
import type { Database } from '../db/database';

interface RegistryLoginRow {
  id: string;
  host: string;
  username: string;
  created_at: string;
  updated_at: string;
  verified_at: string | null;
  verified_node_id: string | null;
  verified_node_name: string | null;
}

const toLogin = (row: RegistryLoginRow): RegistryLogin => ({
  id: row.id,
  host: row.host,
  username: row.username,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  verified:
    row.verified_at && row.verified_node_id
      ? { at: row.verified_at, nodeId: row.verified_node_id, nodeName: row.verified_node_name ?? '' }
      : null,
});

const toRow = (login: RegistryLogin): RegistryLoginRow => ({
  id: login.id,
  host: login.host,
  username: login.username,
  created_at: login.createdAt,
  updated_at: login.updatedAt,
  verified_at: login.verified?.at ?? null,
  verified_node_id: login.verified?.nodeId ?? null,
  verified_node_name: login.verified?.nodeName ?? null,
});

export function createRegistryLoginRepository(db: Database) {
  const selectAll = db.prepare<[], RegistryLoginRow>('SELECT * FROM registry_logins ORDER BY host');
  const selectOne = db.prepare<[string], RegistryLoginRow>('SELECT * FROM registry_logins WHERE id = ?');
  const selectByHost = db.prepare<[string], RegistryLoginRow>('SELECT * FROM registry_logins WHERE host = ?');
  const upsert = db.prepare<[RegistryLoginRow]>(`
    INSERT INTO registry_logins (id, host, username, created_at, updated_at, verified_at, verified_node_id, verified_node_name)
    VALUES (@id, @host, @username, @created_at, @updated_at, @verified_at, @verified_node_id, @verified_node_name)
    ON CONFLICT (id) DO UPDATE SET username = excluded.username, updated_at = excluded.updated_at,
      verified_at = excluded.verified_at, verified_node_id = excluded.verified_node_id,
      verified_node_name = excluded.verified_node_name`);
  const remove = db.prepare<[string]>('DELETE FROM registry_logins WHERE id = ?');

  return {
    list: () => selectAll.all().map(toLogin),
    get: (id: string) => {
      const row = selectOne.get(id);
      return row ? toLogin(row) : null;
    },
    byHost: (host: string) => {
      const row = selectByHost.get(host);
      return row ? toLogin(row) : null;
    },
    save: (login: RegistryLogin) => upsert.run(toRow(login)),
    remove: (id: string) => remove.run(id),
  };
}

export type RegistryLoginRepository = ReturnType<typeof createRegistryLoginRepository>;

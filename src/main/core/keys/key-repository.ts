import type { KeyType, SshKey } from '@shared/contract/keys';
import type { Database } from '../db/database';

interface KeyRow {
  id: string;
  name: string;
  type: KeyType;
  public_key: string;
  fingerprint: string;
  is_encrypted: number;
  created_at: string;
}

/** The nodes that log in with a key, by name: asked of the nodes feature, whose table this one never reads. */
export type NodesUsingKey = (keyId: string) => { id: string; name: string }[];

export function createKeyRepository(db: Database, nodesUsingKey: NodesUsingKey) {
  const toKey = (row: KeyRow): SshKey => ({
    id: row.id,
    name: row.name,
    type: row.type,
    publicKey: row.public_key,
    fingerprint: row.fingerprint,
    isEncrypted: row.is_encrypted === 1,
    createdAt: row.created_at,
    usedBy: nodesUsingKey(row.id),
  });
  const selectAll = db.prepare<[], KeyRow>('SELECT * FROM ssh_keys ORDER BY name COLLATE NOCASE, created_at');
  const selectOne = db.prepare<[string], KeyRow>('SELECT * FROM ssh_keys WHERE id = ?');
  const selectByFingerprint = db.prepare<[string], KeyRow>('SELECT * FROM ssh_keys WHERE fingerprint = ? ORDER BY created_at LIMIT 1');
  const insert = db.prepare<[KeyRow]>(
    'INSERT INTO ssh_keys (id, name, type, public_key, fingerprint, is_encrypted, created_at) VALUES (@id, @name, @type, @public_key, @fingerprint, @is_encrypted, @created_at)',
  );
  const rename = db.prepare<[string, string]>('UPDATE ssh_keys SET name = ? WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM ssh_keys WHERE id = ?');

  return {
    list: () => selectAll.all().map(toKey),
    get: (id: string) => {
      const row = selectOne.get(id);
      return row ? toKey(row) : null;
    },
    byFingerprint: (fingerprint: string) => {
      const row = selectByFingerprint.get(fingerprint);
      return row ? toKey(row) : null;
    },
    insert: (key: Omit<SshKey, 'usedBy'>) =>
      insert.run({
        id: key.id,
        name: key.name,
        type: key.type,
        public_key: key.publicKey,
        fingerprint: key.fingerprint,
        is_encrypted: key.isEncrypted ? 1 : 0,
        created_at: key.createdAt,
      }),
    rename: (id: string, name: string) => rename.run(name, id),
    remove: (id: string) => remove.run(id),
    usedBy: nodesUsingKey,
  };
}

export type KeyRepository = ReturnType<typeof createKeyRepository>;

import type { Node } from '@shared/contract/nodes';
import type { Database } from '../db/database';
import { createNodeRepository } from './node-repository';

/**
 * What other features may know of nodes, read from this feature's own table: billing reads their
 * costs, keys which nodes use a key, deployments and registries the node they act on. It needs only
 * the database, so create-core builds it before the features that ask it (keys come before nodes).
 */
export interface NodeDirectory {
  list(): Node[];
  get(nodeId: string): Node | undefined;
  /** The nodes that log in with a key, by name. */
  usingKey(keyId: string): { id: string; name: string }[];
}

export function createNodeDirectory(db: Database): NodeDirectory {
  const repository = createNodeRepository(db);
  const usingKey = db.prepare<[string], { id: string; name: string }>(
    'SELECT id, name FROM nodes WHERE key_id = ? ORDER BY name',
  );
  return {
    list: () => repository.list(),
    get: (nodeId) => repository.get(nodeId) ?? undefined,
    usingKey: (keyId) => usingKey.all(keyId),
  };
}

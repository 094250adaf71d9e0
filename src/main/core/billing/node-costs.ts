import type { Database } from '../db/database';
import type { NodeCost } from './billing-ports';

/**
 * Node costs read from the nodes table, when this build has one with a monthly cost column;
 * otherwise no nodes (margins then equal revenue).
 */
export function createNodeCostsReader(db: Database): () => NodeCost[] {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('nodes')").all();
  if (!columns.some((column) => column.name === 'monthly_cost_cents')) return () => [];
  const select = db.prepare<[], NodeCost>(
    'SELECT id AS nodeId, name, monthly_cost_cents AS monthlyCostCents FROM nodes ORDER BY name',
  );
  return () => select.all();
}

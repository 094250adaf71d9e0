import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { migrations } from '../../db/migrations';
import { createContainerRepository, SEEN_PRECISION_MS } from './container-repository';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

describe('when a node was last seen', () => {
  it('is written at most every few seconds however often the event stream says so', () => {
    const { db } = openDatabase(':memory:', migrations);
    opened.push(db);
    const containers = createContainerRepository(db);
    const base = Date.parse('2026-12-06T10:00:00.000Z');
    const at = (ms: number) => new Date(base + ms).toISOString();
    let writes = 0;
    db.function('count_write', () => (writes += 1));
    db.exec(`CREATE TEMP TRIGGER seen_written AFTER UPDATE OF last_seen_at ON monitoring_nodes
             BEGIN SELECT count_write(); END`);

    for (let ms = 0; ms < 3 * SEEN_PRECISION_MS; ms += 100) containers.markSeen('n1', at(ms));
    expect(writes).toBe(3);
    expect(containers.node('n1').lastSeenAt).toBe(at(2 * SEEN_PRECISION_MS));
    containers.markSeen('n1', at(3 * SEEN_PRECISION_MS));
    expect(containers.node('n1').lastSeenAt).toBe(at(3 * SEEN_PRECISION_MS));
    // Another node has its own time.
    containers.markSeen('n2', at(100));
    expect(containers.node('n2').lastSeenAt).toBe(at(100));
  });
});

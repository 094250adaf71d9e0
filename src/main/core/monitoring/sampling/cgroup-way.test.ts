import { settingsSchema } from '@shared/contract/settings';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { migrations } from '../../db/migrations';
import { silentLogger } from '../../logger';
import type { ExecResult, NodeConnections } from '../../ssh/node-connections';
import { createContainerRepository } from '../store/container-repository';
import { createStatsRepository } from '../store/stats-repository';
import { sampleByCgroup, type StatsContext, type StatsRows } from './cgroup-way';
import { createPace } from './pace';
import { createQuietSchedule } from './quiet-schedule';

const FOUND = '7f3c9e0d2b1a4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const MISSING = 'b'.repeat(64);
const v2Output = readFileSync(join(import.meta.dirname, '..', 'stats', 'fixtures', 'cgroup-v2.txt'), 'utf8');
const work = [FOUND, MISSING].map((id, n) => ({ id, deploymentId: 'd1', service: `s${n}` }));

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

/** A sampler's stats part over real repositories, with the node's shell answering `answer`. */
function context(answer: () => ExecResult) {
  const { db } = openDatabase(':memory:', migrations);
  opened.push(db);
  const commands: string[] = [];
  const connections: Pick<NodeConnections, 'exec'> = {
    exec: (_nodeId, command) => {
      commands.push(command);
      return Promise.resolve(answer());
    },
  };
  const clock = { now: () => new Date(1_000) };
  const ctx: StatsContext = {
    deps: {
      nodeId: 'n1',
      connections: connections as NodeConnections,
      stats: createStatsRepository(db),
      containers: createContainerRepository(db),
      clock,
      logger: silentLogger,
      pace: createPace({
        clock,
        settings: () => settingsSchema.parse({}).monitoring,
        quiet: createQuietSchedule(),
      }),
    },
    state: { counters: new Map(), due: new Map() },
  };
  return { ctx, commands };
}
const ok = (stdout: string): ExecResult => ({ code: 0, signal: null, stdout, stderr: '' });

describe('sampling by cgroup files', () => {
  it('records what it found in one exec, leaves the rest to the stats API and remembers the way', async () => {
    const { ctx, commands } = context(() => ok(v2Output));
    const rows: StatsRows = [];
    const rest = await sampleByCgroup(ctx, work, AbortSignal.timeout(5000), rows);
    expect(commands).toHaveLength(1);
    expect(rest.map((item) => item.id)).toEqual([MISSING]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sample).toMatchObject({ memoryBytes: 32_000_000, pids: 4 });
    expect(ctx.state.statsWay).toBe('cgroup');
    expect(ctx.state.counters.has(FOUND)).toBe(true);
  });

  it('asks the stats API for every container of a node whose files cannot be read, and stops trying', async () => {
    const { ctx, commands } = context(() => ({ code: 1, signal: null, stdout: '', stderr: 'sh: not found' }));
    const rows: StatsRows = [];
    expect(await sampleByCgroup(ctx, work, AbortSignal.timeout(5000), rows)).toEqual(work);
    expect(ctx.state.statsWay).toBe('api');
    expect(await sampleByCgroup(ctx, work, AbortSignal.timeout(5000), rows)).toEqual(work);
    expect(commands).toHaveLength(1);
    expect(rows).toEqual([]);
  });

  it('leaves the way undecided when the connection fails, and tries the files again next round', async () => {
    let isDown = true;
    const { ctx, commands } = context(() => {
      if (isDown) throw new Error('connection lost');
      return ok(v2Output);
    });
    expect(await sampleByCgroup(ctx, work, AbortSignal.timeout(5000), [])).toEqual(work);
    expect(ctx.state.statsWay).toBeUndefined();
    isDown = false;
    expect(await sampleByCgroup(ctx, work, AbortSignal.timeout(5000), [])).toHaveLength(1);
    expect(commands).toHaveLength(2);
    expect(ctx.state.statsWay).toBe('cgroup');
  });
});

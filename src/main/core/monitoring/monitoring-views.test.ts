import { afterEach, describe, expect, it } from 'vitest';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import { settingsSchema } from '@shared/contract/settings';
import { systemClock } from '../clock';
import { openDatabase, type Database } from '../db/database';
import { migrations } from '../db/migrations';
import type { NodeConnections } from '../ssh/node-connections';
import { createMonitoringViews } from './monitoring-views';
import { createContainerRepository } from './store/container-repository';
import { createEventRepository } from './store/event-repository';
import { createLogRepository } from './store/log-repository';
import { createStatsRepository } from './store/stats-repository';

const opened: Database[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

/** Views over a real store and 50 deployments, counting how often they ask for every summary or for one. */
function viewsOfFifty() {
  const { db } = openDatabase(':memory:', migrations);
  opened.push(db);
  const summaries = Array.from(
    { length: 50 },
    (_, i) =>
      ({ id: `d${i}`, name: `d${i}`, nodeId: 'n1', status: 'running', createdAt: '2026-01-01T00:00:00.000Z' }) as DeploymentSummary,
  );
  const asked = { all: 0, one: 0 };
  const views = createMonitoringViews({
    db,
    connections: { status: () => ({ state: 'idle', lastError: null }) } as unknown as NodeConnections,
    nodes: () => [],
    deployments: () => {
      asked.all += 1;
      return Promise.resolve(summaries);
    },
    deployment: (id) => {
      asked.one += 1;
      return Promise.resolve(summaries.find((s) => s.id === id) ?? null);
    },
    containers: createContainerRepository(db),
    logs: createLogRepository(db),
    stats: createStatsRepository(db),
    events: createEventRepository(db),
    settings: () => settingsSchema.parse({}).monitoring,
    clock: systemClock,
  });
  return { views, asked };
}

describe('monitoring views of one deployment', () => {
  it('build that deployment’s summary only, never every summary', async () => {
    const { views, asked } = viewsOfFifty();

    const overview = await views.overview('d7');
    await views.stats('d7', '1h');
    await views.events('d7', 100, undefined);

    expect(overview).toMatchObject({ deploymentId: 'd7', deploymentName: 'd7', status: 'running' });
    expect(asked).toEqual({ all: 0, one: 3 });
  });

  it('answer for a deployment that is gone from what is stored, without its summary', async () => {
    const { views } = viewsOfFifty();

    const overview = await views.overview('gone');

    expect(overview).toMatchObject({ deploymentId: 'gone', deploymentName: null, status: null, containers: [] });
  });
});

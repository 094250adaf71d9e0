import { describe, expect, it } from 'vitest';
import type { Node } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import { systemClock } from '../clock';
import type { CoreContext } from '../core-context';
import { createInventoryFeature } from './inventory-feature';

const offline = {
  id: 'n1',
  name: 'far-away',
  status: 'offline',
  lastSeenAt: '2026-12-06T10:20:00.000Z',
} as Node;

/** A feature whose node connection must never be asked: the node is known to be down, or unknown. */
function featureWith(nodes: Node[]) {
  const asked: string[] = [];
  const feature = createInventoryFeature({ clock: systemClock } as CoreContext, {
    nodes: { get: (id) => nodes.find((node) => node.id === id) },
    connections: {
      docker: (id) => {
        asked.push(id);
        return Promise.reject(new Error('the connection was asked'));
      },
    },
    deployments: { withImages: () => [] },
  });
  return { handlers: feature.handlers, asked };
}

const failureOf = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    return error instanceof AppError ? error.toData() : { code: 'thrown', message: String(error) };
  }
  return null;
};

describe('inventory on a node that cannot be read', () => {
  it('refuses an offline node at once, saying since when, without asking its connection', async () => {
    const { handlers, asked } = featureWith([offline]);
    for (const method of ['inventory:list', 'inventory:disk-usage', 'inventory:prune-preview'] as const)
      expect(await failureOf(() => handlers[method]({ nodeId: 'n1' }))).toMatchObject({
        code: 'host_unreachable',
        message:
          'far-away has been unreachable since 2026-12-06 10:20 UTC, so what runs on it cannot be read; try again when it is back.',
      });
    expect(
      await failureOf(() =>
        handlers['inventory:prune']({ nodeId: 'n1', imageIds: ['x'], buildCacheIds: [], volumeNames: [] }),
      ),
    ).toMatchObject({ code: 'host_unreachable' });
    expect(asked).toEqual([]);
  });

  it('says a node that no longer exists is gone', async () => {
    const { handlers, asked } = featureWith([]);
    expect(await failureOf(() => handlers['inventory:list']({ nodeId: 'n9' }))).toMatchObject({
      code: 'not_found',
      field: 'nodeId',
    });
    expect(asked).toEqual([]);
  });
});

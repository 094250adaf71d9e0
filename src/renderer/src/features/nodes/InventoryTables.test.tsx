import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NodeInventory } from '@shared/contract/inventory';
import { InventoryTable } from './InventoryTables';

const container = (id: string, state: string): NodeInventory['containers'][number] => ({
  id,
  name: `app-${id}`,
  image: 'busybox',
  imageId: 'i1',
  state,
  status: state,
  createdAt: '',
  owner: { kind: 'unmanaged', project: null },
});
const inventory: NodeInventory = {
  nodeId: 'n1',
  readAt: '',
  containers: [container('c1', 'running'), container('c2', 'exited')],
  images: [],
  volumes: [],
  networks: [],
};
const render = (onTerminal?: (container: { id: string; name: string }) => void) =>
  renderToStaticMarkup(
    <InventoryTable
      tab="containers"
      filter="all"
      inventory={inventory}
      usage={null}
      onTerminal={onTerminal}
    />,
  );

describe('containers table', () => {
  it('offers a terminal for each running container only when the page is given onTerminal', () => {
    expect(render(() => undefined).match(/>Terminal</g)).toHaveLength(1);
    expect(render()).not.toContain('Terminal');
  });

  it('says what is missing when a tab is empty under a filter', () => {
    expect(
      renderToStaticMarkup(
        <InventoryTable tab="volumes" filter="leftover" inventory={inventory} usage={null} />,
      ),
    ).toContain('No volumes under “leftovers”.');
  });
});

import { useState } from 'react';
import type { DiskUsage, NodeInventory as NodeInventoryData } from '@shared/contract/inventory';
import type { Node } from '@shared/contract/nodes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatBytes } from '../../components/format';
import { TabButton } from '../../components/TabButton';
import { CleanUpDialog } from './CleanUpDialog';
import { InventoryTable, type TerminalContainer } from './InventoryTables';
import {
  filterInventory,
  inventoryTabs,
  ownerFilters,
  type InventoryTab,
  type OwnerFilter,
} from './inventory-model';
import { useNodeInventory } from './use-node-inventory';
import styles from './inventory.module.css';

function UsageSummary({ usage }: { usage: DiskUsage }) {
  const lines = [
    ['Images', usage.images],
    ['Containers', usage.containers],
    ['Volumes', usage.volumes],
    ['Build cache', usage.buildCache],
  ] as const;
  return (
    <div className={styles.usage} data-testid="disk-usage">
      {lines.map(([label, line]) => (
        <div key={label}>
          <span className="muted">
            {label} ({line.count})
          </span>
          <strong>{formatBytes(line.bytes)}</strong>
          <span className="muted">{formatBytes(line.reclaimableBytes)} unused</span>
        </div>
      ))}
    </div>
  );
}

function Tabs({
  tab,
  counts,
  onChange,
}: {
  tab: InventoryTab;
  counts: Record<InventoryTab, number>;
  onChange: (tab: InventoryTab) => void;
}) {
  return (
    <div className="tabs" role="tablist" aria-label="What runs on the node">
      {inventoryTabs.map((item) => (
        <TabButton key={item.id} isSelected={tab === item.id} onSelect={() => onChange(item.id)}>
          {item.label} <span className="muted">{counts[item.id]}</span>
        </TabButton>
      ))}
    </div>
  );
}

function FilterChoice({
  filter,
  onChange,
}: {
  filter: OwnerFilter;
  onChange: (filter: OwnerFilter) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend>Show</legend>
      {ownerFilters.map((item) => (
        <label key={item.id} className={filter === item.id ? 'segment selected' : 'segment'}>
          <input
            type="radio"
            name="inventory-owner"
            checked={filter === item.id}
            onChange={() => onChange(item.id)}
          />
          {item.label}
        </label>
      ))}
    </fieldset>
  );
}

function Toolbar({
  state,
  onRefresh,
  onMeasure,
  onCleanUp,
}: {
  state: { isReading: boolean; isMeasuring: boolean };
  onRefresh: () => void;
  onMeasure: () => void;
  onCleanUp: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="button" disabled={state.isReading} onClick={onRefresh}>
        {state.isReading ? 'Reading…' : 'Refresh'}
      </button>
      <button type="button" disabled={state.isMeasuring} onClick={onMeasure}>
        {state.isMeasuring ? 'Measuring…' : 'Measure disk usage'}
      </button>
      <button type="button" onClick={onCleanUp}>
        Clean up…
      </button>
    </div>
  );
}

function InventoryView({
  inventory,
  usage,
  onTerminal,
}: {
  inventory: NodeInventoryData;
  usage: DiskUsage | null;
  onTerminal?: (container: TerminalContainer) => void;
}) {
  const [tab, setTab] = useState<InventoryTab>('containers');
  const [filter, setFilter] = useState<OwnerFilter>('all');
  const shown = filterInventory(inventory, filter);
  const counts = {
    containers: shown.containers.length,
    images: shown.images.length,
    volumes: shown.volumes.length,
    networks: shown.networks.length,
  };
  return (
    <>
      <div className={styles.toolbar}>
        <Tabs tab={tab} onChange={setTab} counts={counts} />
        <FilterChoice filter={filter} onChange={setFilter} />
      </div>
      <div className={styles.tableWrap}>
        <InventoryTable tab={tab} filter={filter} inventory={shown} usage={usage} onTerminal={onTerminal} />
      </div>
    </>
  );
}

/**
 * Every container, image, volume and network on the node's engine, ours and not, with disk usage
 * measured on request and a clean-up. A node that is down says so instead of waiting.
 */
export function NodeInventory({
  node,
  onTerminal,
}: {
  node: Node;
  onTerminal?: (container: TerminalContainer) => void;
}) {
  const isReachable = node.status !== 'offline';
  const { inventory, usage, reload, measure } = useNodeInventory(node.id, isReachable);
  const [isCleaning, setCleaning] = useState(false);
  return (
    <section className="card" aria-labelledby="node-inventory-heading" data-testid="node-inventory">
      <div className={styles.toolbar}>
        <h2 id="node-inventory-heading">On the engine</h2>
        {isReachable ? (
          <Toolbar
            state={{ isReading: inventory.isLoading, isMeasuring: usage.isLoading }}
            onRefresh={() => void reload()}
            onMeasure={() => void measure()}
            onCleanUp={() => setCleaning(true)}
          />
        ) : null}
      </div>
      {isReachable ? null : (
        <p className="banner banner-error" role="status">
          {node.name} cannot be reached, so what runs on it cannot be read. It shows here again once the node
          is back.
        </p>
      )}
      <ErrorBanner error={inventory.error ?? usage.error} />
      {usage.value ? <UsageSummary usage={usage.value} /> : null}
      {isReachable && !inventory.value && inventory.isLoading ? (
        <p className="muted">Reading what runs on the node…</p>
      ) : null}
      {inventory.value ? (
        <InventoryView inventory={inventory.value} usage={usage.value} onTerminal={onTerminal} />
      ) : null}
      {isCleaning ? (
        <CleanUpDialog
          nodeId={node.id}
          onClose={() => setCleaning(false)}
          onDone={() => {
            void reload();
            if (usage.value) void measure();
          }}
        />
      ) : null}
    </section>
  );
}

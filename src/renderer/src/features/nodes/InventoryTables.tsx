import type { DiskUsage, InventoryOwner, NodeInventory } from '@shared/contract/inventory';
import { formatBytes } from '../../components/format';
import {
  emptyText,
  ownerText,
  ownerTitle,
  shortId,
  type InventoryTab,
  type OwnerFilter,
} from './inventory-model';
import styles from './inventory.module.css';

/** A container a terminal can be opened in, as the inventory lists it. */
export interface TerminalContainer {
  id: string;
  name: string;
}

function OwnerCell({ owner }: { owner: InventoryOwner }) {
  const tone = owner.kind === 'deployment' ? 'badge-ok' : owner.kind === 'leftover' ? 'badge-warn' : '';
  return (
    <span className={`badge ${tone} ${styles.owner}`} title={ownerTitle(owner)}>
      {ownerText(owner)}
    </span>
  );
}

const usedByText = (users: readonly { name: string }[]) =>
  users.length === 0 ? <span className="muted">unused</span> : users.map((user) => user.name).join(', ');

function ContainersTable({
  containers,
  onTerminal,
}: {
  containers: NodeInventory['containers'];
  onTerminal?: (container: TerminalContainer) => void;
}) {
  return (
    <table className="table" data-testid="inventory-containers">
      <thead>
        <tr>
          <th>Name</th>
          <th>Owner</th>
          <th>Image</th>
          <th>State</th>
          {onTerminal ? <th aria-label="Actions" /> : null}
        </tr>
      </thead>
      <tbody>
        {containers.map((container) => (
          <tr key={container.id}>
            <td className="mono">{container.name}</td>
            <td>
              <OwnerCell owner={container.owner} />
            </td>
            <td className="mono">{container.image}</td>
            <td title={container.status}>{container.status}</td>
            {onTerminal ? (
              <td>
                {container.state === 'running' ? (
                  <button type="button" onClick={() => onTerminal(container)}>
                    Terminal
                  </button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImagesTable({ images }: { images: NodeInventory['images'] }) {
  return (
    <table className="table" data-testid="inventory-images">
      <thead>
        <tr>
          <th>Image</th>
          <th>Used by</th>
          <th className={styles.number}>Size</th>
        </tr>
      </thead>
      <tbody>
        {images.map((image) => (
          <tr key={image.id}>
            <td className="mono">
              {image.tags.length > 0 ? (
                image.tags.join(', ')
              ) : (
                <span className="muted">untagged {shortId(image.id)}</span>
              )}
            </td>
            <td>
              {image.deployments.map((deployment) => (
                <span key={deployment.id} className={`badge badge-ok ${styles.spaced}`}>
                  {deployment.name}
                </span>
              ))}
              {image.deployments.length === 0 ? usedByText(image.usedBy) : null}
            </td>
            <td className={styles.number}>{formatBytes(image.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VolumesTable({ volumes, sizes }: { volumes: NodeInventory['volumes']; sizes: DiskUsage | null }) {
  return (
    <table className="table" data-testid="inventory-volumes">
      <thead>
        <tr>
          <th>Volume</th>
          <th>Owner</th>
          <th>Mounted by</th>
          <th className={styles.number}>Size</th>
        </tr>
      </thead>
      <tbody>
        {volumes.map((volume) => {
          const bytes = sizes?.volumeBytes[volume.name] ?? volume.bytes;
          return (
            <tr key={volume.name}>
              <td className="mono" title={volume.name}>
                {volume.isAnonymous ? `anonymous ${volume.name.slice(0, 12)}` : volume.name}
              </td>
              <td>
                <OwnerCell owner={volume.owner} />
              </td>
              <td>{usedByText(volume.usedBy)}</td>
              <td className={styles.number}>{bytes === null ? '—' : formatBytes(bytes)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NetworksTable({ networks }: { networks: NodeInventory['networks'] }) {
  return (
    <table className="table" data-testid="inventory-networks">
      <thead>
        <tr>
          <th>Network</th>
          <th>Owner</th>
          <th>Driver</th>
          <th>Containers</th>
        </tr>
      </thead>
      <tbody>
        {networks.map((network) => (
          <tr key={network.id}>
            <td className="mono">{network.name}</td>
            <td>
              {network.isBuiltIn ? (
                <span className="badge">Docker’s own</span>
              ) : (
                <OwnerCell owner={network.owner} />
              )}
            </td>
            <td>{network.driver}</td>
            <td>{network.containers.length > 0 ? network.containers.map((c) => c.name).join(', ') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One tab of the inventory, or what it says when the filter leaves nothing. */
export function InventoryTable({
  tab,
  filter,
  inventory,
  usage,
  onTerminal,
}: {
  tab: InventoryTab;
  filter: OwnerFilter;
  inventory: NodeInventory;
  usage: DiskUsage | null;
  onTerminal?: (container: TerminalContainer) => void;
}) {
  if (inventory[tab].length === 0) return <p className="muted">{emptyText(tab, filter)}</p>;
  if (tab === 'containers')
    return <ContainersTable containers={inventory.containers} onTerminal={onTerminal} />;
  if (tab === 'images') return <ImagesTable images={inventory.images} />;
  if (tab === 'volumes') return <VolumesTable volumes={inventory.volumes} sizes={usage} />;
  return <NetworksTable networks={inventory.networks} />;
}

import type { Node } from '@shared/contract/nodes';
import type { TemplateManifest } from '@shared/contract/template-model';
import { Field } from '../../components/Field';
import { formatBytes } from '../../components/format';
import { useAppStore } from '../../store';
import { nodeRoom } from './deployment-format';
import styles from './deployments.module.css';

const MiB = 1024 * 1024;

export const isUsable = (node: Node): boolean =>
  !node.isMaintenance && (node.status === 'online' || node.status === 'degraded');

function ResourceCheck({ needs, node }: { needs: TemplateManifest['resources']; node: Node | undefined }) {
  const has = node?.resources;
  const rows = [
    {
      label: 'CPU',
      need: `${needs.cpu_cores} cores`,
      room: has ? `${has.cpus} cores` : null,
      isShort: has ? has.cpus < needs.cpu_cores : false,
    },
    {
      label: 'Memory',
      need: formatBytes(needs.memory_mb * MiB),
      room: has ? `${formatBytes(has.memoryBytes)} in all` : null,
      isShort: has ? has.memoryBytes < needs.memory_mb * MiB : false,
    },
    {
      label: 'Disk',
      need: formatBytes(needs.disk_mb * MiB),
      room: has?.diskFreeBytes == null ? null : `${formatBytes(has.diskFreeBytes)} free`,
      isShort: has?.diskFreeBytes == null ? false : has.diskFreeBytes < needs.disk_mb * MiB,
    },
  ];
  return (
    <table className={`table ${styles.resourceCheck}`} data-testid="resource-check">
      <thead>
        <tr>
          <th>Resource</th>
          <th>The template needs</th>
          <th>{node ? node.name : 'The picked node'}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <td>{row.label}</td>
            <td>{row.need}</td>
            <td>
              {row.room ?? (node ? 'unknown until the node is tested' : 'checked when the node is picked')}
              {row.isShort ? <span className="badge badge-error">not enough</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NoNodeOnline({ onGoToNodes }: { onGoToNodes: () => void }) {
  return (
    <div className="banner banner-warn" role="note">
      <span>No node is online. Add a node, or bring one back online, before deploying.</span>
      <button type="button" onClick={onGoToNodes}>
        Go to Nodes
      </button>
    </div>
  );
}

export function PlacementFields({
  needs,
  nodeId,
  tags,
  error,
  onNode,
  onTags,
}: {
  needs: TemplateManifest['resources'];
  nodeId: string;
  tags: string;
  error: string | undefined;
  onNode: (id: string) => void;
  onTags: (tags: string) => void;
}) {
  const nodes = useAppStore((s) => s.deployTargets?.nodes);
  const navigate = useAppStore((s) => s.navigate);
  if (!nodes) return <p className="muted">Loading nodes…</p>;
  const chosen = nodes.find((n) => n.id === nodeId);
  return (
    <fieldset className={`card ${styles.deploySection}`}>
      <legend>Where it runs</legend>
      {nodes.some(isUsable) ? null : <NoNodeOnline onGoToNodes={() => navigate({ page: 'nodes' })} />}
      <div className="form-grid">
        <Field label="Node" error={error} isErrorAlert>
          {(id) => (
            <select id={id} value={nodeId} onChange={(event) => onNode(event.target.value)}>
              <option value="auto">Pick automatically</option>
              {nodes.map((node) => (
                <option key={node.id} value={node.id} disabled={node.isMaintenance}>
                  {node.name} — {nodeRoom(node)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {nodeId === 'auto' ? (
          <Field label="Only nodes with the tags (optional, comma-separated)">
            {(id) => (
              <input
                id={id}
                value={tags}
                onChange={(event) => onTags(event.target.value)}
                placeholder="e.g. eu, ssd"
              />
            )}
          </Field>
        ) : null}
      </div>
      {nodeId === 'auto' ? (
        <p className="muted">The online node with the most memory left that fits the template is picked.</p>
      ) : null}
      <ResourceCheck needs={needs} node={chosen} />
    </fieldset>
  );
}

import { useState } from 'react';
import type { CloudOrphan } from '@shared/contract/cloud';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { formatCreated, providerNames } from './cloud-format';

/** What a check found: nothing (said plainly), or each server with a way to delete it at its provider. */
export function OrphanList({
  orphans,
  onDelete,
}: {
  orphans: CloudOrphan[];
  onDelete: (orphan: CloudOrphan) => void;
}) {
  if (orphans.length === 0)
    return <p data-testid="cloud-orphans-none">None: every tagged server is known.</p>;
  return (
    <table className="table" data-testid="cloud-orphans">
      <thead>
        <tr>
          <th>Server</th>
          <th>Provider</th>
          <th>IPv4</th>
          <th>Created</th>
          <th className="cell-actions" aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {orphans.map((orphan) => (
          <tr key={`${orphan.provider}/${orphan.providerServerId}`}>
            <td>{orphan.name}</td>
            <td>{providerNames[orphan.provider]}</td>
            <td className="mono">{orphan.ipv4 ?? '—'}</td>
            <td>{formatCreated(orphan.createdAt)}</td>
            <td className="cell-actions">
              <button type="button" className="danger" onClick={() => onDelete(orphan)}>
                Delete at provider
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Settings: servers at the providers that carry this installation's tag but that the app no longer knows. */
export function CloudOrphans() {
  const orphans = useAppStore((s) => s.cloudOrphans);
  const find = useAppStore((s) => s.findCloudOrphans);
  const remove = useAppStore((s) => s.deleteCloudOrphan);
  const checking = useAction(find);
  const [deleting, setDeleting] = useState<CloudOrphan | null>(null);
  return (
    <div data-testid="cloud-orphans-check">
      <h3>Servers left behind</h3>
      <p className="muted">
        Every server the app creates carries this installation&apos;s tag. A server with the tag that the app
        no longer knows (a create cut off by a crash, a node removed by hand) still costs money at its
        provider.
      </p>
      <ErrorBanner error={checking.error} />
      <button type="button" disabled={checking.isPending} onClick={() => void checking.run()}>
        {checking.isPending ? 'Checking the providers…' : 'Check for servers this app no longer knows'}
      </button>
      {orphans ? <OrphanList orphans={orphans} onDelete={setDeleting} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name} at ${providerNames[deleting.provider]}?`}
          confirmLabel="Delete server"
          pendingLabel="Deleting…"
          action={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>
            Deletes the server and its disks at {providerNames[deleting.provider]}. Anything on it is lost.
            This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

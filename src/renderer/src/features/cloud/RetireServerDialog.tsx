import type { CloudServer } from '@shared/contract/cloud';
import type { NodeDeployment } from '@shared/contract/nodes';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import type { ErrorView } from '../../store/slice';
import { useNodeDeployments } from '../nodes/use-node-deployments';
import { providerNames } from './cloud-format';
import styles from './cloud.module.css';

export interface RetireServerViewProps {
  server: CloudServer;
  /** What runs on the node; null while it is being read. */
  deployments: NodeDeployment[] | null;
  error: ErrorView | null;
  isPending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

function Refusal({ server, deployments }: { server: CloudServer; deployments: NodeDeployment[] }) {
  return (
    <div data-testid="retire-refused">
      <p>
        {deployments.length === 1 ? 'A deployment runs' : `${deployments.length} deployments run`} on{' '}
        {server.name}. Delete or move {deployments.length === 1 ? 'it' : 'them'} first: retiring deletes the
        server with everything on it.
      </p>
      <ul className={styles.deploymentList}>
        {deployments.map((deployment) => (
          <li key={deployment.id}>
            {deployment.name}{' '}
            <span className="muted">
              {deployment.templateName} · {deployment.status}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Asks before a cloud server is deleted, naming what is lost; refused while deployments are on it. */
export function RetireServerView({
  server,
  deployments,
  error,
  isPending,
  onConfirm,
  onClose,
}: RetireServerViewProps) {
  const provider = providerNames[server.provider];
  const isRefused = (deployments?.length ?? 0) > 0;
  return (
    <Dialog title={`Retire ${server.name}?`} onClose={onClose}>
      <ErrorBanner error={error} />
      {deployments === null ? <p className="muted">Looking up what runs there…</p> : null}
      {deployments && isRefused ? <Refusal server={server} deployments={deployments} /> : null}
      {deployments && !isRefused ? (
        <>
          <p>
            <strong>Deletes the server and its disks at {provider}. This cannot be undone.</strong>
          </p>
          <p className="muted">The app then forgets the node, and its cost stops counting in billing.</p>
        </>
      ) : null}
      <DialogActions
        confirmLabel={isPending ? 'Retiring…' : 'Retire server'}
        tone="danger"
        isDisabled={deployments === null || isRefused || isPending}
        onConfirm={onConfirm}
        onCancel={onClose}
      />
    </Dialog>
  );
}

export function RetireServerDialog({ server, onClose }: { server: CloudServer; onClose: () => void }) {
  const nodeId = server.nodeId ?? '';
  const retire = useAppStore((s) => s.retireCloudServer);
  const { deployments, error: listError } = useNodeDeployments(nodeId);
  const retiring = useAction(async () => {
    await retire(nodeId);
    onClose();
  });
  return (
    <RetireServerView
      server={server}
      deployments={deployments}
      error={retiring.error ?? listError}
      isPending={retiring.isPending}
      onConfirm={() => void retiring.run()}
      onClose={onClose}
    />
  );
}

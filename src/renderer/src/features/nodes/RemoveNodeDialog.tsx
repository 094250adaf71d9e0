import type { Node } from '@shared/contract/nodes';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { providerNames } from '../cloud/cloud-format';
import { removalPlan } from './node-page-model';
import { useNodeDeployments } from './use-node-deployments';
import styles from './nodes.module.css';

/** Asks before a node is removed, saying what happens: what runs there, and that the server is left alone. */
export function RemoveNodeDialog({ node, onClose }: { node: Node; onClose: () => void }) {
  const remove = useAppStore((s) => s.removeNode);
  const navigate = useAppStore((s) => s.navigate);
  const { deployments, error: listError } = useNodeDeployments(node.id);
  const removing = useAction(async () => {
    await remove(node.id);
    navigate({ page: 'nodes' });
  });
  const plan = deployments ? removalPlan(node, deployments) : null;
  const cloudServer = useAppStore((s) => s.cloudServers?.find((c) => c.nodeId === node.id && c.status === 'ready'));
  return (
    <Dialog title={`Remove ${node.name}?`} onClose={onClose}>
      <ErrorBanner error={removing.error ?? listError} />
      {cloudServer ? (
        <p className="banner banner-warn" data-testid="remove-cloud-warning">
          The app created this server at {providerNames[cloudServer.provider]}. Removing the node here leaves the
          server running, and billed, there: to delete it, use Retire server… on this page instead.
        </p>
      ) : null}
      {plan ? <p>{plan.summary}</p> : <p className="muted">Looking up what runs there…</p>}
      {deployments?.length ? (
        <ul className={styles.nodeDeployments} data-testid="removal-deployments">
          {deployments.map((deployment) => (
            <li key={deployment.id}>
              {deployment.name}{' '}
              <span className="muted">
                {deployment.templateName} · {deployment.status}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {plan ? <p className="muted">{plan.keeps}</p> : null}
      <DialogActions
        confirmLabel={removing.isPending ? 'Removing…' : 'Remove node'}
        tone="danger"
        isDisabled={!plan?.isAllowed || removing.isPending}
        onConfirm={() => void removing.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}

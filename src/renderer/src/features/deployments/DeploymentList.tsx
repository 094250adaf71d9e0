import { useEffect } from 'react';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { OpenAppButton } from './OpenAppButton';
import { unreachableReason } from './deployment-format';
import { DeploymentStatusBadge, UpdateAvailableBadge } from './StatusBadge';
import styles from './deployments.module.css';

function DeploymentRow({ deployment }: { deployment: DeploymentSummary }) {
  const navigate = useAppStore((s) => s.navigate);
  const nodeName = useAppStore((s) => s.deployTargets?.nodes.find((n) => n.id === deployment.nodeId)?.name);
  const customerName = useAppStore(
    (s) => s.deployTargets?.customers.find((c) => c.id === deployment.customerId)?.name,
  );
  const isUp = deployment.status === 'running' || deployment.status === 'degraded';
  return (
    <tr data-testid="deployment-row">
      <td>
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ page: 'deployments', id: deployment.id })}
        >
          {deployment.name}
        </button>
      </td>
      <td>
        {deployment.templateName} <span className="muted">{deployment.templateVersion}</span>{' '}
        <UpdateAvailableBadge version={deployment.updateAvailable} />
      </td>
      <td>{nodeName ?? deployment.nodeId}</td>
      <td>
        <DeploymentStatusBadge deployment={deployment} testId="deployment-status" />
      </td>
      <td>
        {deployment.url ? (
          <a href={deployment.url} target="_blank" rel="noreferrer" className="mono">
            {deployment.url}
          </a>
        ) : isUp ? (
          <OpenAppButton
            id={deployment.id}
            label="Open"
            disabledReason={unreachableReason(deployment, nodeName ?? 'Its node')}
          />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        {deployment.customerId === null ? (
          <span className="muted">—</span>
        ) : (
          (customerName ?? deployment.customerId)
        )}
      </td>
    </tr>
  );
}

function DeploymentTable({ deployments }: { deployments: readonly DeploymentSummary[] }) {
  return (
    <table className={`table ${styles.cardTable}`} data-testid="deployments">
      <thead>
        <tr>
          <th>Name</th>
          <th>Template</th>
          <th>Node</th>
          <th>Status</th>
          <th>URL</th>
          <th>Customer</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((deployment) => (
          <DeploymentRow key={deployment.id} deployment={deployment} />
        ))}
      </tbody>
    </table>
  );
}

export function DeploymentList() {
  const deployments = useAppStore((s) => s.deployments);
  const error = useAppStore((s) => s.deploymentsError);
  const load = useAppStore((s) => s.loadDeployments);
  const loadTargets = useAppStore((s) => s.loadDeployTargets);
  const choose = useAppStore((s) => s.chooseDeployTemplate);
  const navigate = useAppStore((s) => s.navigate);
  useEffect(() => {
    void load();
    // Node and customer names only label the rows: the list works without them.
    loadTargets().catch(() => undefined);
  }, [load, loadTargets]);

  const newDeployment = () => {
    choose(null);
    navigate({ page: 'deployments', id: 'new' });
  };
  return (
    <div className="page">
      <PageHeader
        title="Deployments"
        subtitle="Apps running on your nodes."
        actions={
          <button type="button" className="primary" onClick={newDeployment}>
            New deployment
          </button>
        }
      />
      <ErrorBanner error={error} />
      {deployments === null ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : deployments.length === 0 ? (
        <EmptyState title="No deployments yet">
          <p>Pick an app in the marketplace and press Deploy, or pick one here.</p>
          <button type="button" className="primary" onClick={newDeployment}>
            Deploy your first app
          </button>{' '}
          <button type="button" onClick={() => navigate({ page: 'marketplace' })}>
            Browse the marketplace
          </button>
        </EmptyState>
      ) : (
        <DeploymentTable deployments={deployments} />
      )}
    </div>
  );
}

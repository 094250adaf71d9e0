import { useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { useAppStore } from '../../store';
import { CustomerDialog } from './CustomerDialog';
import { formatDateTime } from './deployment-format';
import { DeploymentStatusBadge, UpdateAvailableBadge } from './StatusBadge';
import styles from './deployments.module.css';

export function DetailHeader({ detail }: { detail: DeploymentDetail }) {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>
            {detail.name} <DeploymentStatusBadge deployment={detail} testId="deployment-status" />
          </h1>
          <p className="muted">
            {detail.templateName} {detail.templateVersion} on{' '}
            <span data-testid="deployment-node">{detail.nodeName}</span>{' '}
            <UpdateAvailableBadge version={detail.updateAvailable} />
          </p>
        </div>
      </header>
      <DetailFacts detail={detail} />
      {detail.error ? <LastError detail={detail} /> : null}
    </>
  );
}

function CustomerFact({ detail }: { detail: DeploymentDetail }) {
  const customer = useAppStore(
    (s) => s.deployTargets?.customers.find((c) => c.id === detail.customerId)?.name,
  );
  const [isChanging, setChanging] = useState(false);
  return (
    <>
      <dt>Customer</dt>
      <dd>
        <span data-testid="deployment-customer">
          {detail.customerId ? (customer ?? detail.customerId) : 'No customer'}
        </span>{' '}
        <button
          type="button"
          className="link-button"
          aria-label="Change customer"
          onClick={() => setChanging(true)}
        >
          Change…
        </button>
        {isChanging ? <CustomerDialog detail={detail} onClose={() => setChanging(false)} /> : null}
      </dd>
    </>
  );
}

function DetailFacts({ detail }: { detail: DeploymentDetail }) {
  return (
    <dl className="facts card">
      <dt>Exposure</dt>
      <dd>
        {detail.exposure === 'private'
          ? 'Private: on 127.0.0.1 of the node, opened through an SSH tunnel'
          : "Public: on the node's address"}
      </dd>
      {detail.url ? (
        <>
          <dt>Address</dt>
          <dd>
            <a href={detail.url} target="_blank" rel="noreferrer" className="mono">
              {detail.url}
            </a>
          </dd>
        </>
      ) : null}
      <CustomerFact detail={detail} />
      <dt>Created</dt>
      <dd>{formatDateTime(detail.createdAt)}</dd>
    </dl>
  );
}

function LastError({ detail }: { detail: DeploymentDetail }) {
  return (
    <div className={`banner banner-error ${styles.bannerStack}`} role="alert" data-testid="deployment-error">
      <strong>
        {detail.status === 'failed' ? 'The last operation failed' : 'The last operation reported a problem'}
      </strong>
      <pre className={styles.errorText}>{detail.error}</pre>
    </div>
  );
}

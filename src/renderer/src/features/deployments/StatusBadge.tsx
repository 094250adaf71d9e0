import type { DeploymentStatus, DeploymentSummary } from '@shared/contract/deployment-model';
import { formatDateTime, statusBadgeClass } from './deployment-format';

export function StatusBadge({ status, testId }: { status: DeploymentStatus; testId?: string }) {
  return (
    <span className={statusBadgeClass(status)} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}

/**
 * A deployment's state as far as anyone can know it: while its node cannot be seen it is unknown,
 * shown with the state last seen (kept in `data-last-known`).
 */
export function DeploymentStatusBadge({
  deployment,
  testId,
}: {
  deployment: Pick<DeploymentSummary, 'status' | 'reachability'>;
  testId?: string;
}) {
  const { status, reachability } = deployment;
  if (reachability.nodeReachable) return <StatusBadge status={status} testId={testId} />;
  const since = reachability.since ? ` since ${formatDateTime(reachability.since)}` : '';
  return (
    <span className="badge badge-warn" data-testid={testId} data-status="unknown" data-last-known={status}>
      unknown — node unreachable{since}; last known: {status}
    </span>
  );
}

/** "update available: 1.2.0" when the template has a newer published version. */
export function UpdateAvailableBadge({ version }: { version: string | null }) {
  if (version === null) return null;
  return (
    <span className="badge badge-ok" data-testid="update-available" title={`Version ${version} is published`}>
      update available: {version}
    </span>
  );
}

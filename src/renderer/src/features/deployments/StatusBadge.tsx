import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { statusBadgeClass } from './deployment-format';

export function StatusBadge({ status, testId }: { status: DeploymentStatus; testId?: string }) {
  return (
    <span className={statusBadgeClass(status)} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}

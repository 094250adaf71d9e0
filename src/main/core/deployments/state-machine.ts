import type { DeploymentStatus } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';

const transitions: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  pending: ['scheduled', 'failed', 'deleting'],
  scheduled: ['starting', 'failed', 'deleting'],
  starting: ['running', 'degraded', 'failed', 'stopping'],
  running: ['stopping', 'starting', 'degraded', 'failed', 'updating', 'deleting'],
  degraded: ['running', 'stopping', 'starting', 'failed', 'updating', 'deleting'],
  stopping: ['stopped', 'failed'],
  stopped: ['starting', 'updating', 'deleting'],
  updating: ['running', 'degraded', 'stopped', 'failed'],
  deleting: ['deleted', 'failed'],
  failed: ['starting', 'updating', 'deleting'],
  deleted: [],
};

/** States in which an operation is under way; after a crash, reconciliation decides where each one lands. */
/** The cause recovery records when it takes up an operation a crash cut short (the status stays as it was). */
export const RESUMED_CAUSE = 'carried on after an interruption';

export const transitionalStatuses: readonly DeploymentStatus[] = [
  'pending',
  'scheduled',
  'starting',
  'stopping',
  'updating',
  'deleting',
];

export const canTransition = (from: DeploymentStatus, to: DeploymentStatus): boolean =>
  transitions[from].includes(to);

export function assertTransition(from: DeploymentStatus, to: DeploymentStatus, name: string): void {
  if (!canTransition(from, to)) {
    throw new AppError('conflict', `${name} is ${from}; it cannot go to ${to} from there.`, {
      details: { from, to },
    });
  }
}

/** The operations a user may start from each state: the UI shows only these buttons. */
export const allowedActions = (
  status: DeploymentStatus,
): ('start' | 'stop' | 'restart' | 'update' | 'rollback' | 'delete')[] => {
  switch (status) {
    case 'running':
    case 'degraded':
      return ['stop', 'restart', 'update', 'rollback', 'delete'];
    case 'stopped':
      return ['start', 'update', 'rollback', 'delete'];
    case 'failed':
      return ['start', 'update', 'rollback', 'delete'];
    case 'pending':
      return ['delete'];
    default:
      return [];
  }
};

import type { CloudServer } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import type { ErrorView } from '../../store/slice';
import { createChecklist, providerNames, type ChecklistState } from './cloud-format';
import styles from './cloud.module.css';

const mark: Record<ChecklistState, string> = { done: '✓', current: '…', failed: '✗', pending: '·' };
const stateClass: Record<ChecklistState, string | undefined> = {
  done: styles.stepDone,
  current: styles.stepCurrent,
  failed: styles.stepFailed,
  pending: styles.stepPending,
};

export function CreateChecklist({ server }: { server: CloudServer }) {
  return (
    <ol className={styles.steps} aria-label="Steps" data-testid="create-steps">
      {createChecklist(server).map((item) => (
        <li key={item.step} className={stateClass[item.state]} data-state={item.state}>
          <span aria-hidden>{mark[item.state]}</span> {item.label}
        </li>
      ))}
    </ol>
  );
}

export interface CreateProgressViewProps {
  server: CloudServer;
  job: Job | null;
  isCancelling: boolean;
  cancelError: ErrorView | null;
  onCancel: () => void;
  onOpenNode: (nodeId: string) => void;
  onClose: () => void;
}

/** A create under way: the checklist, the job's detail, Cancel; then its failure, or a link to the new node. */
export function CreateProgressView({
  server,
  job,
  isCancelling,
  cancelError,
  onCancel,
  onOpenNode,
  onClose,
}: CreateProgressViewProps) {
  const isRunning = server.status === 'creating';
  const detail = job?.progress?.detail ?? job?.progress?.step;
  return (
    <div data-testid="create-progress" data-status={server.status}>
      <p>
        <strong>{server.name}</strong> at {providerNames[server.provider]} ({server.region}, {server.size})
        {server.ipv4 ? <span className="mono"> · {server.ipv4}</span> : null}
      </p>
      <CreateChecklist server={server} />
      {isRunning && job?.progress?.fraction !== undefined ? (
        <ProgressBar fraction={job.progress.fraction} label={`Creating ${server.name}`} />
      ) : null}
      {isRunning && detail ? (
        <p className="muted" data-testid="create-detail">
          {detail}
        </p>
      ) : null}
      {server.status === 'failed' && server.error ? (
        <div className="banner banner-error" role="alert" data-code={server.error.code}>
          {server.error.message}
        </div>
      ) : null}
      <ErrorBanner error={cancelError} />
      {server.status === 'ready' && server.nodeId ? (
        <p data-testid="create-done">
          {server.name} is a node now.{' '}
          <button type="button" className="link-button" onClick={() => onOpenNode(server.nodeId ?? '')}>
            Open node {server.name}
          </button>
        </p>
      ) : null}
      <div className="page-actions">
        {isRunning && server.jobId ? (
          <button type="button" className="danger" disabled={isCancelling} onClick={onCancel}>
            {isCancelling ? 'Cancelling…' : 'Cancel create'}
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {isRunning ? 'Close (it goes on)' : 'Close'}
        </button>
      </div>
    </div>
  );
}

/** The live progress of one cloud server's create, from the store's `cloud:changed` and `jobs:changed`. */
export function CreateProgress({
  serverId,
  onOpenNode,
  onClose,
}: {
  serverId: string;
  onOpenNode: (nodeId: string) => void;
  onClose: () => void;
}) {
  const server = useAppStore((s) => s.cloudServers?.find((c) => c.id === serverId));
  const job = useAppStore((s) => (server?.jobId ? s.cloudJobs[server.jobId] : undefined));
  const cancel = useAppStore((s) => s.cancelCloudJob);
  const cancelling = useAction(cancel);
  if (!server) return <p className="muted">Waiting for the server&apos;s first state…</p>;
  return (
    <CreateProgressView
      server={server}
      job={job ?? null}
      // Cancelled but not yet cleaned up: the core deletes what was created, then pushes the failed row.
      isCancelling={cancelling.isPending || job?.status === 'cancelled'}
      cancelError={cancelling.error}
      onCancel={() => void cancelling.run(server.jobId ?? '')}
      onOpenNode={onOpenNode}
      onClose={onClose}
    />
  );
}

import { useEffect, useState } from 'react';
import type { BackupRun } from '@shared/contract/backups';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { Node } from '@shared/contract/nodes';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { isJobDone } from '../../store/deployments-slice';
import { DeleteDialog } from '../deployments/DeleteDialog';
import { nodeRoom, unreachableReason } from '../deployments/deployment-format';
import { ForgetDialog } from '../deployments/ForgetDialog';
import { ProgressSteps } from '../deployments/ProgressFeed';
import { formatWhen } from './backup-format';
import styles from './backups.module.css';

interface Started {
  jobId: string;
  deploymentId: string;
  name: string;
  nodeName: string;
}

const isUsable = (node: Node): boolean => !node.isMaintenance && node.status !== 'offline';

function ChooseTarget({
  run,
  detail,
  onStarted,
  onClose,
}: {
  run: BackupRun;
  detail: DeploymentDetail;
  onStarted: (started: Started) => void;
  onClose: () => void;
}) {
  const nodes = useAppStore((s) => s.nodes);
  const nodesError = useAppStore((s) => s.nodesError);
  const move = useAppStore((s) => s.moveBackup);
  const others = (nodes ?? []).filter((node) => node.id !== detail.nodeId);
  const [nodeId, setNodeId] = useState('');
  const [name, setName] = useState('');
  const target = others.find((node) => node.id === nodeId) ?? others.find(isUsable);
  const moving = useAction(async () => {
    if (!target) return;
    const newName = name.trim();
    const moved = await move(run, { nodeId: target.id, name: newName || undefined });
    onStarted({ ...moved, name: newName || detail.name, nodeName: target.name });
  });
  return (
    <>
      <ErrorBanner error={moving.error ?? nodesError} />
      <p>
        The backup of {formatWhen(run.startedAt)} (version {run.templateVersion}) is deployed on the node you
        choose, with the same settings and secrets, and its data restored before it starts. {detail.name}{' '}
        stays as it is until you delete it.
      </p>
      {nodes && others.length === 0 ? (
        <p className="muted">Add another node first, on the Nodes page.</p>
      ) : null}
      <Field label="Node">
        {(id) => (
          <select id={id} value={target?.id ?? ''} onChange={(event) => setNodeId(event.target.value)}>
            {others.map((node) => (
              <option key={node.id} value={node.id} disabled={!isUsable(node)}>
                {node.name} ({nodeRoom(node)})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="New name (optional)" hint={`Left empty, it is called ${detail.name} there too.`}>
        {(id) => (
          <input id={id} maxLength={40} value={name} onChange={(event) => setName(event.target.value)} />
        )}
      </Field>
      <DialogActions
        confirmLabel={moving.isPending ? 'Starting…' : 'Move'}
        isDisabled={moving.isPending || !target || !isUsable(target)}
        onConfirm={() => void moving.run()}
        onCancel={onClose}
      />
    </>
  );
}

function CloseRow({ onClose }: { onClose: () => void }) {
  return (
    <div className="page-actions">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/** What the move's outcome shows and offers: the copy it started and the deployment it copied. */
interface OutcomeProps {
  started: Started;
  detail: DeploymentDetail;
  onDelete: () => void;
  onClose: () => void;
}

/** The new deployment runs: open it, delete the old one (the usual delete), or keep both. */

function MoveDone({ started, detail, onDelete, onClose }: OutcomeProps) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <>
      <p role="status" data-testid="move-done">
        {started.name} runs on {started.nodeName} now, with the data of the backup. Delete {detail.name} here
        once you no longer need it.
      </p>
      <div className="page-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            onClose();
            navigate({ page: 'deployments', id: started.deploymentId });
          }}
        >
          Open the new deployment
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete {detail.name}…
        </button>
        <button type="button" onClick={onClose}>
          Keep both
        </button>
      </div>
    </>
  );
}

/** The move under way, then its outcome; once the copy runs, the old deployment can be deleted. */
function MoveOutcome({ started, detail, onDelete, onClose }: OutcomeProps) {
  const feed = useAppStore((s) => s.backupJobs[detail.id]);
  const job = feed?.job.id === started.jobId ? feed.job : null;
  if (!job || !isJobDone(job))
    return (
      <>
        <ProgressSteps
          entries={job ? (feed?.entries ?? []) : []}
          label="Move progress"
          testId="move-progress"
        />
        <p className="muted">Closing this leaves the move running; its progress stays on this page.</p>
        <CloseRow onClose={onClose} />
      </>
    );
  if (job.status !== 'succeeded')
    return (
      <>
        <p className={styles.failedText} role="alert" data-testid="move-failed">
          The move {job.status}: {job.error?.message ?? 'the app gave no reason.'}
        </p>
        <CloseRow onClose={onClose} />
      </>
    );
  return <MoveDone started={started} detail={detail} onDelete={onDelete} onClose={onClose} />;
}

/** "Move to node…": a backup deployed on another node, then the offer to delete the old deployment. */
export function MoveDialog({
  run,
  detail,
  onClose,
}: {
  run: BackupRun;
  detail: DeploymentDetail;
  onClose: () => void;
}) {
  const loadNodes = useAppStore((s) => s.loadNodes);
  const [started, setStarted] = useState<Started | null>(null);
  const [isDeleting, setDeleting] = useState(false);
  useEffect(() => void loadNodes(), [loadNodes]);
  if (isDeleting) {
    // The same delete the action bar offers: forgetting it here, while its node cannot be reached.
    const reason = unreachableReason(detail, detail.nodeName);
    return reason ? (
      <ForgetDialog detail={detail} reason={reason} onClose={onClose} />
    ) : (
      <DeleteDialog detail={detail} onClose={onClose} />
    );
  }
  return (
    <Dialog title={`Move ${detail.name} to another node`} onClose={onClose}>
      {started ? (
        <MoveOutcome started={started} detail={detail} onDelete={() => setDeleting(true)} onClose={onClose} />
      ) : (
        <ChooseTarget run={run} detail={detail} onStarted={setStarted} onClose={onClose} />
      )}
    </Dialog>
  );
}

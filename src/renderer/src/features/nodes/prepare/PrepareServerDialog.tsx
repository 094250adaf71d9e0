import { useEffect, useState } from 'react';
import type { Job } from '@shared/contract/jobs';
import type { PreparePlan } from '@shared/contract/node-prepare';
import type { Node } from '@shared/contract/nodes';
import { Dialog } from '../../../components/Dialog';
import { DialogActions } from '../../../components/DialogActions';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { useAction } from '../../../components/use-action';
import { useApi } from '../../../store';
import { errorViewOf, type ErrorView } from '../../../store/slice';
import { mergeOutput, stageOf } from './prepare-model';
import { PreparePlanView, PrepareRunView } from './PrepareServerView';

/** The plan read from the server, the node's latest run (kept by the core, then followed live) and its output. */
function usePrepareState(nodeId: string) {
  const api = useApi();
  const [plan, setPlan] = useState<PreparePlan | null>(null);
  const [planError, setPlanError] = useState<ErrorView | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [output, setOutput] = useState('');
  const fetchPlan = () =>
    api['nodes:prepare-plan']({ id: nodeId }).then(setPlan, (error: unknown) =>
      setPlanError(errorViewOf(error)),
    );
  /** After a failed or stopped run: the server is looked at again, for what the run changed. */
  const startOver = () => {
    setJob(null);
    setOutput('');
    setPlan(null);
    setPlanError(null);
    void fetchPlan();
  };
  useEffect(() => {
    const offOutput = api.on('nodes:prepare-output', (event) => {
      if (event.nodeId === nodeId) setOutput((text) => text + event.text);
    });
    const offJobs = api.on('jobs:changed', (changed) => {
      if (changed.kind === 'nodes:prepare' && changed.target === nodeId) setJob(changed);
    });
    api['nodes:prepare-log']({ id: nodeId }).then(
      async (log) => {
        if (!log.jobId) return;
        const last = await api['jobs:get']({ id: log.jobId });
        setJob((current) => current ?? last);
        setOutput((streamed) => mergeOutput(log.text, streamed));
      },
      (error: unknown) => setPlanError(errorViewOf(error)),
    );
    void fetchPlan();
    return () => {
      offOutput();
      offJobs();
    };
    // fetchPlan only reads nodeId and api, both listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, nodeId]);
  return { plan, planError, job, output, setJob, setOutput, startOver };
}

type PrepareState = ReturnType<typeof usePrepareState>;

/** While a run goes: stop it (after saying what stopping does), or close the dialog and let it go on. */
function RunningActions({ job, onClose }: { job: Job; onClose: () => void }) {
  const api = useApi();
  const [isAskingToStop, setAskingToStop] = useState(false);
  const stopping = useAction(async () => {
    await api['jobs:cancel']({ id: job.id });
    setAskingToStop(false);
  });
  if (!isAskingToStop)
    return (
      <DialogActions
        confirmLabel="Stop…"
        tone="danger"
        onConfirm={() => setAskingToStop(true)}
        cancelLabel="Close"
        onCancel={onClose}
      />
    );
  return (
    <>
      <ErrorBanner error={stopping.error} />
      <p role="alert">
        Stop now? The command running on the server is killed. If apt or dnf is installing packages, they may
        be left half set up until the server is prepared again.
      </p>
      <DialogActions
        confirmLabel={stopping.isPending ? 'Stopping…' : 'Stop'}
        tone="danger"
        isDisabled={stopping.isPending}
        onConfirm={() => void stopping.run()}
        cancelLabel="Keep going"
        onCancel={() => setAskingToStop(false)}
      />
    </>
  );
}

/** The buttons for where the dialog is: install, stop, prepare again, close. */
function PrepareActions({
  nodeId,
  state,
  onClose,
}: {
  nodeId: string;
  state: PrepareState;
  onClose: () => void;
}) {
  const api = useApi();
  const { plan, job } = state;
  const stage = stageOf(job);
  const starting = useAction(async () => {
    state.setOutput('');
    const started = await api['nodes:prepare']({ id: nodeId });
    // Its progress may have arrived as jobs:changed before this answer: keep the newer one.
    state.setJob((current) => (current?.id === started.id ? current : started));
  });
  if (stage === 'plan')
    return (
      <>
        <ErrorBanner error={starting.error} />
        <DialogActions
          confirmLabel={
            starting.isPending ? 'Starting…' : plan?.isInstalled ? 'Start Docker' : 'Install Docker'
          }
          isDisabled={!plan || plan.blocker !== null || starting.isPending}
          onConfirm={() => void starting.run()}
          cancelLabel="Close"
          onCancel={onClose}
        />
      </>
    );
  if (stage === 'running' && job) return <RunningActions job={job} onClose={onClose} />;
  if (stage === 'succeeded')
    return (
      <div className="page-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    );
  return (
    <DialogActions
      confirmLabel="Prepare again…"
      onConfirm={state.startOver}
      cancelLabel="Close"
      onCancel={onClose}
    />
  );
}

/**
 * "Prepare this server…": what the app found on the server and the exact commands; with the user's
 * yes, their live output, a way to stop, and how the run ended with its log. Closing the dialog
 * leaves a run going; opening it again shows the output so far.
 */
export function PrepareServerDialog({ node, onClose }: { node: Node; onClose: () => void }) {
  const state = usePrepareState(node.id);
  const { plan, planError, job, output } = state;
  const stage = stageOf(job);
  return (
    <Dialog title={`Prepare ${node.name}`} onClose={onClose}>
      <ErrorBanner error={planError} />
      {stage === 'plan' && !plan && !planError ? <p className="muted">Looking at the server…</p> : null}
      {stage === 'plan' && plan ? <PreparePlanView plan={plan} /> : null}
      {job && stage !== 'plan' ? <PrepareRunView job={job} output={output} /> : null}
      <PrepareActions nodeId={node.id} state={state} onClose={onClose} />
    </Dialog>
  );
}

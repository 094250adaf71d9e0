import { useEffect, useState } from 'react';
import type { MaintenanceCommand } from '@shared/contract/terminal';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApi } from '../../store';
import { errorViewOf } from '../../store/slice';
import styles from './terminal.module.css';

interface Run {
  name: string;
  output: string;
  exitCode: number | null;
  error: string | null;
  isDone: boolean;
}

/** Every run of this deployment's commands pushed while mounted, by run id (output may come before the run's id does). */
function useRuns(deploymentId: string) {
  const api = useApi();
  const [runs, setRuns] = useState<Record<string, Run>>({});
  useEffect(() => {
    const change = (runId: string, next: (run: Run) => Run) =>
      setRuns((all) => ({ ...all, [runId]: next(all[runId] ?? { name: '', output: '', exitCode: null, error: null, isDone: false }) }));
    const offOutput = api.on('terminal:command-output', (event) => {
      if (event.deploymentId === deploymentId) change(event.runId, (run) => ({ ...run, output: run.output + event.data }));
    });
    const offFinished = api.on('terminal:command-finished', (event) => {
      if (event.deploymentId === deploymentId)
        change(event.runId, (run) => ({ ...run, name: event.name, exitCode: event.exitCode, error: event.error, isDone: true }));
    });
    return () => {
      offOutput();
      offFinished();
    };
  }, [api, deploymentId]);
  return runs;
}

function RunResult({ run }: { run: Run | undefined }) {
  if (!run) return <p className="muted">Starting…</p>;
  const verdict = !run.isDone
    ? 'Running…'
    : run.error !== null
      ? `Could not finish: ${run.error}`
      : `Exited with code ${String(run.exitCode)}`;
  const tone = !run.isDone ? '' : run.exitCode === 0 ? 'badge-ok' : 'badge-error';
  return (
    <div data-testid="command-result">
      <span className={`badge ${tone}`} data-testid="command-verdict">
        {verdict}
      </span>
      <pre className={styles.commandOutput} data-testid="command-output">
        {run.output || (run.isDone ? '(no output)' : '')}
      </pre>
    </div>
  );
}

/** The template's maintenance commands: each run after a confirmation, its output and exit code shown as they come. */
export function MaintenanceCommands({ deploymentId, isRunnable }: { deploymentId: string; isRunnable: boolean }) {
  const api = useApi();
  const [commands, setCommands] = useState<MaintenanceCommand[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [asking, setAsking] = useState<MaintenanceCommand | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const runs = useRuns(deploymentId);
  useEffect(() => {
    api['terminal:commands']({ deploymentId }).then(setCommands, (failure: unknown) => setLoadError(errorViewOf(failure).message));
  }, [api, deploymentId]);
  if (loadError) return <p className="field-error">{loadError}</p>;
  if (commands.length === 0) return null;
  const run = async (command: MaintenanceCommand) => {
    const started = await api['terminal:run-command']({ deploymentId, name: command.name });
    setCurrent(started.runId);
  };
  return (
    <div className={styles.commands} data-testid="maintenance-commands">
      <h3>Maintenance commands</h3>
      {commands.map((command) => (
        <div key={command.name} className={styles.commandRow}>
          <button type="button" onClick={() => setAsking(command)} disabled={!isRunnable}>
            {command.name}
          </button>
          <span className={`muted ${styles.commandArgv}`}>
            {command.service}: {command.command.join(' ')}
          </span>
        </div>
      ))}
      {current ? <RunResult run={runs[current]} /> : null}
      {asking ? (
        <ConfirmDialog
          title={`Run "${asking.name}"?`}
          confirmLabel="Run"
          pendingLabel="Starting…"
          action={() => run(asking)}
          onClose={() => setAsking(null)}
        >
          <p>
            Runs <code>{asking.command.join(' ')}</code> in the {asking.service} container. What it changes (a database
            migration, for one) may not be undone; back up first if unsure.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

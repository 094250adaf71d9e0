import { useEffect, useRef } from 'react';
import type { Job } from '@shared/contract/jobs';
import type { PreparePlan } from '@shared/contract/node-prepare';
import { errorCodeSchema } from '@shared/result';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { ProgressBar } from '../../../components/ProgressBar';
import type { ErrorView } from '../../../store/slice';
import { runsAs, stageOf, startText } from './prepare-model';
import styles from './prepare.module.css';

/** The server as the app found it, and the exact commands it would run there. */
export function PreparePlanView({ plan }: { plan: PreparePlan }) {
  return (
    <div data-testid="prepare-plan">
      <dl className="facts">
        <dt>System</dt>
        <dd data-testid="prepare-os">{plan.os.name}</dd>
        <dt>Runs as</dt>
        <dd>{runsAs(plan)}</dd>
        <dt>Docker starts with</dt>
        <dd>{startText(plan)}</dd>
        {plan.isInstalled ? (
          <>
            <dt>Docker</dt>
            <dd>installed already: only started, and tested</dd>
          </>
        ) : null}
      </dl>
      {plan.blocker ? (
        <div className="banner banner-warn" role="alert" data-testid="prepare-blocker">
          {plan.blocker}
        </div>
      ) : null}
      {plan.commands.length > 0 ? (
        <>
          <p>
            {plan.blocker
              ? 'The commands to run:'
              : 'The app will run these commands, in order, stopping at the first that fails:'}
          </p>
          <ol className={styles.commands} data-testid="prepare-commands">
            {plan.commands.map((step) => (
              <li key={step.command}>
                {step.label}
                <code className={styles.command}>{step.command}</code>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {plan.notes.length > 0 ? (
        <ul className={`muted ${styles.notes}`}>
          {plan.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What a run has printed so far, following the end while it runs. */
export function PrepareOutput({ text, isRunning }: { text: string; isRunning: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const pre = ref.current;
    if (pre) pre.scrollTop = pre.scrollHeight;
  }, [text]);
  return (
    <pre
      ref={ref}
      className={styles.output}
      data-testid="prepare-output"
      aria-live="polite"
      aria-busy={isRunning}
    >
      {text || (isRunning ? 'Starting…' : '(no output)')}
    </pre>
  );
}

/** A run: its step and progress while it runs, then how it ended; its output throughout. */
export function PrepareRunView({ job, output }: { job: Job; output: string }) {
  const stage = stageOf(job);
  const fraction = job.progress?.fraction;
  return (
    <div data-testid="prepare-run" data-stage={stage}>
      {stage === 'running' ? (
        <>
          <p data-testid="prepare-step">{job.progress?.step ?? 'Starting…'}</p>
          {fraction !== undefined ? <ProgressBar fraction={fraction} label="Preparing the server" /> : null}
        </>
      ) : null}
      {stage === 'succeeded' ? (
        <p className={styles.success} role="status" data-testid="prepare-succeeded">
          Docker is installed and running, and the node answers.
        </p>
      ) : null}
      {stage === 'cancelled' ? (
        <div className="banner banner-warn" role="alert">
          Stopped. The command that was running was killed; the output below shows how far it got. If it was
          installing packages, run “dpkg --configure -a” on the server, or prepare it again.
        </div>
      ) : null}
      {stage === 'failed' ? <ErrorBanner error={runError(job)} /> : null}
      <PrepareOutput text={output} isRunning={stage === 'running'} />
    </div>
  );
}

const runError = (job: Job): ErrorView =>
  job.status === 'interrupted'
    ? {
        code: 'cancelled',
        message: 'The app stopped while the server was being prepared. Prepare it again to finish.',
      }
    : {
        code: errorCodeSchema.safeParse(job.error?.code).data ?? 'internal',
        message: job.error?.message ?? 'Preparing the server failed.',
      };

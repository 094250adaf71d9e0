import { useState } from 'react';
import type { CloudServer } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useAppStore } from '../../store';
import { formatCreated, formatMonthly, providerNames, statusWords } from './cloud-format';
import { RetireServerDialog } from './RetireServerDialog';
import { useCloudWatch } from './use-cloud-watch';
import styles from './cloud.module.css';

/** The live cloud server a node became, if it is one; loads and watches the list while shown. */
function useCloudServerOf(nodeId: string) {
  const server = useAppStore((s) =>
    s.cloudServers?.find((c) => c.nodeId === nodeId && c.status !== 'retired'),
  );
  const job = useAppStore((s) => (server?.jobId ? s.cloudJobs[server.jobId] : undefined));
  const error = useAppStore((s) => s.cloudServersError);
  useCloudWatch();
  return { server, job, error };
}

export function CloudServerCardView({
  server,
  job,
  onRetire,
}: {
  server: CloudServer;
  job: Job | null;
  onRetire: () => void;
}) {
  const isRetiring = server.status === 'retiring';
  return (
    <section className="card" aria-labelledby="cloud-server-heading" data-testid="cloud-server-card">
      <div className="section-head">
        <h2 id="cloud-server-heading">Cloud server</h2>
        <button type="button" className="danger" disabled={isRetiring} onClick={onRetire}>
          {isRetiring ? 'Retiring…' : 'Retire server…'}
        </button>
      </div>
      <dl className="facts">
        <dt>Provider</dt>
        <dd>{providerNames[server.provider]}</dd>
        <dt>Region</dt>
        <dd>{server.region}</dd>
        <dt>Size</dt>
        <dd>{server.size}</dd>
        <dt>Price</dt>
        <dd data-testid="cloud-server-price">{formatMonthly(server.monthlyPriceCents, server.currency)}</dd>
        <dt>IPv4</dt>
        <dd className="mono">{server.ipv4 ?? '—'}</dd>
        <dt>Created</dt>
        <dd>{formatCreated(server.createdAt)}</dd>
        <dt>Status</dt>
        <dd>{statusWords[server.status]}</dd>
      </dl>
      {isRetiring ? (
        <div data-testid="retire-progress">
          <p>Deleting the server and its disks at {providerNames[server.provider]}…</p>
          {job?.progress?.fraction !== undefined ? (
            <ProgressBar fraction={job.progress.fraction} label={`Retiring ${server.name}`} />
          ) : null}
          {job?.progress ? <p className="muted">{job.progress.detail ?? job.progress.step}</p> : null}
        </div>
      ) : null}
      {server.status === 'failed' && server.error ? (
        <div className="banner banner-error" role="alert" data-code={server.error.code}>
          {server.error.message}
        </div>
      ) : null}
    </section>
  );
}

/** Node page: what a cloud node is at its provider, and the way to delete it there. Nothing for other nodes. */
export function CloudServerCard({ nodeId }: { nodeId: string }) {
  const { server, job, error } = useCloudServerOf(nodeId);
  const [isRetiring, setRetiring] = useState(false);
  if (!server) return error ? <ErrorBanner error={error} /> : null;
  return (
    <>
      <CloudServerCardView server={server} job={job ?? null} onRetire={() => setRetiring(true)} />
      {isRetiring ? <RetireServerDialog server={server} onClose={() => setRetiring(false)} /> : null}
    </>
  );
}

/** Where a node page points at a node that is gone: says so, and says it was retired when it was. */
export function MissingNodeNotice({ nodeId }: { nodeId: string }) {
  const retired = useAppStore((s) =>
    s.cloudServers?.find((c) => c.nodeId === nodeId && c.status === 'retired'),
  );
  if (!retired) return <ErrorBanner error={{ code: 'not_found', message: 'That node no longer exists.' }} />;
  return (
    <div className={`banner ${styles.retiredNotice}`} role="status" data-testid="retired-notice">
      {retired.name} was retired: its server and disks are deleted at {providerNames[retired.provider]}.
    </div>
  );
}

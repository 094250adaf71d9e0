import type { CloudServer } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { formatCreated, formatMonthly, providerNames } from './cloud-format';
import { CreateChecklist } from './CreateProgress';
import { useCloudWatch } from './use-cloud-watch';
import styles from './cloud.module.css';

/** How many failed creates stay listed: enough to read what went wrong, few enough not to crowd the page. */
const FAILURES_SHOWN = 5;

/** The servers at work, and the last failures, newest first; a group with none is left out. */
export function serverGroups(servers: CloudServer[]): { title: string; servers: CloudServer[] }[] {
  const newest = [...servers].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return [
    { title: 'Servers being created', servers: newest.filter((s) => s.status === 'creating') },
    { title: 'Servers being retired', servers: newest.filter((s) => s.status === 'retiring') },
    {
      title: 'Recent failures',
      servers: newest.filter((s) => s.status === 'failed').slice(0, FAILURES_SHOWN),
    },
  ].filter((group) => group.servers.length > 0);
}

function ServerRow({ server, job }: { server: CloudServer; job: Job | undefined }) {
  const detail = job?.progress?.detail ?? job?.progress?.step;
  return (
    <li className={styles.serverRow} data-testid="cloud-server-row" data-status={server.status}>
      <div className="section-head">
        <strong>{server.name}</strong>
        <span className="muted">
          {providerNames[server.provider]} · {server.region} · {server.size} ·{' '}
          {formatMonthly(server.monthlyPriceCents, server.currency)}
        </span>
      </div>
      {server.status === 'retiring' ? (
        <p>Retiring: deleting the server at {providerNames[server.provider]}…</p>
      ) : null}
      {server.status === 'creating' ? <CreateChecklist server={server} /> : null}
      {server.status !== 'failed' && detail ? <p className="muted">{detail}</p> : null}
      {server.status === 'failed' ? (
        <>
          <p className="muted">Failed {formatCreated(server.updatedAt)}</p>
          <div className="banner banner-error" role="alert" data-code={server.error?.code}>
            {server.error?.message ?? 'The create failed without a message.'}
          </div>
        </>
      ) : null}
    </li>
  );
}

export function CloudServersView({ servers, jobs }: { servers: CloudServer[]; jobs: Record<string, Job> }) {
  const groups = serverGroups(servers);
  if (groups.length === 0) return null;
  return (
    <section className="card" aria-label="Cloud servers" data-testid="cloud-servers">
      {groups.map((group) => (
        <div key={group.title}>
          <h2>{group.title}</h2>
          <ul className={styles.serverList}>
            {group.servers.map((server) => (
              <ServerRow
                key={server.id}
                server={server}
                job={server.jobId ? jobs[server.jobId] : undefined}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Nodes page: cloud servers under way and recent failures, live from the core. */
export function CloudServersList() {
  const servers = useAppStore((s) => s.cloudServers);
  const jobs = useAppStore((s) => s.cloudJobs);
  const error = useAppStore((s) => s.cloudServersError);
  useCloudWatch();
  return (
    <>
      <ErrorBanner error={error} />
      {servers ? <CloudServersView servers={servers} jobs={jobs} /> : null}
    </>
  );
}

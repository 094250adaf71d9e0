import type { Job } from '@shared/contract/jobs';
import { formatAgo } from '../../components/relative-time';
import { useAppStore } from '../../store';
import type { Route } from '../../store/navigation-slice';
import { formatMoney } from '../billing/money';
import { backupsNeedingAttention, describeJob, revenueByCurrency } from './home-model';
import { Figure, HomeCardFrame } from './HomeCardFrame';
import styles from './home.module.css';

export function BackupsCard() {
  const card = useAppStore((s) => s.home.backups);
  const navigate = useAppStore((s) => s.navigate);
  const open = () => navigate({ page: 'backups' });
  return (
    <HomeCardFrame title="Backups" card={card}>
      {(rows) => {
        if (rows.length === 0) return <p className="muted">Nothing to back up yet.</p>;
        const { due, failing } = backupsNeedingAttention(rows);
        return (
          <div className={styles.figures} data-testid="home-backups">
            <Figure count={due.length} label="overdue" tone={due.length ? 'warn' : undefined} onOpen={open} />
            <Figure
              count={failing.length}
              label="failing"
              tone={failing.length ? 'error' : undefined}
              onOpen={open}
            />
          </div>
        );
      }}
    </HomeCardFrame>
  );
}

export function MoneyCard() {
  const revenue = useAppStore((s) => s.home.revenue);
  const costs = useAppStore((s) => s.home.costs);
  const navigate = useAppStore((s) => s.navigate);
  const open = () => navigate({ page: 'billing', id: 'overview' });
  return (
    <>
      <HomeCardFrame title="Revenue this month" card={revenue}>
        {(summary) => {
          const sums = revenueByCurrency(summary);
          return (
            <div className={styles.figures} data-testid="home-revenue">
              {sums.length === 0 ? (
                <Figure
                  count={formatMoney(0, costs.data?.currency ?? 'USD')}
                  label="from customers"
                  onOpen={open}
                />
              ) : (
                sums.map(({ currency, cents }) => (
                  <Figure
                    key={currency}
                    count={formatMoney(cents, currency)}
                    label="from customers"
                    onOpen={open}
                  />
                ))
              )}
            </div>
          );
        }}
      </HomeCardFrame>
      <HomeCardFrame title="Node costs this month" card={costs}>
        {(margins) => (
          <div className={styles.figures} data-testid="home-costs">
            <Figure
              count={formatMoney(margins.months.at(-1)?.nodeCostCents ?? 0, margins.currency)}
              label="so far"
              onOpen={open}
            />
          </div>
        )}
      </HomeCardFrame>
    </>
  );
}

/** Where a job's row leads: the deployment or node it ran on, when Home knows it. */
function useJobRoute(job: Job): Route | null {
  const isDeployment = useAppStore((s) => s.home.deployments.data?.some((d) => d.id === job.target));
  const isNode = useAppStore((s) => s.home.nodes.data?.some((n) => n.id === job.target));
  if (job.target && isDeployment) return { page: 'deployments', id: job.target };
  if (job.target && isNode) return { page: 'nodes', id: job.target };
  return null;
}

function JobRow({ job }: { job: Job }) {
  const navigate = useAppStore((s) => s.navigate);
  const route = useJobRoute(job);
  const name = useAppStore(
    (s) =>
      s.home.deployments.data?.find((d) => d.id === job.target)?.name ??
      s.home.nodes.data?.find((n) => n.id === job.target)?.name,
  );
  const text = describeJob(job, name);
  return (
    <li>
      {route ? (
        <button type="button" className="link-button" onClick={() => navigate(route)}>
          {text}
        </button>
      ) : (
        <span>{text}</span>
      )}{' '}
      <span
        className={`badge ${job.status === 'failed' ? 'badge-error' : job.status === 'succeeded' ? 'badge-ok' : ''}`}
      >
        {job.status}
      </span>{' '}
      <span className="muted">{formatAgo(job.updatedAt)}</span>
    </li>
  );
}

export function ActivityCard() {
  const card = useAppStore((s) => s.home.jobs);
  return (
    <HomeCardFrame title="Recent activity" card={card}>
      {(jobs) =>
        jobs.length === 0 ? (
          <p className="muted">No activity yet.</p>
        ) : (
          <ul className={styles.rows} data-testid="home-activity">
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </ul>
        )
      }
    </HomeCardFrame>
  );
}

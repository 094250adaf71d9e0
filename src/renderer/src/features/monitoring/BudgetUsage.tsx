import type { MonitoringUsage } from '@shared/contract/monitoring';
import { formatBytes } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import styles from './budget-usage.module.css';

/** How many deployments the line of largest log users names. */
const LARGEST = 3;

/**
 * What counts against the fleet-wide data budget: logs, stats and events, and the deployments whose
 * logs take the most (the oldest lines of the whole fleet go first once it is full).
 */
export function BudgetUsage({ usage, budgetMegabytes }: { usage: MonitoringUsage; budgetMegabytes: number }) {
  const { logs, stats, events } = usage.budgetBytes;
  const used = logs + stats + events;
  const budget = budgetMegabytes * 1024 * 1024;
  const largest = usage.deployments
    .filter((row) => row.logBytes > 0)
    .sort((a, b) => b.logBytes - a.logBytes)
    .slice(0, LARGEST);
  return (
    <div className={styles.budget} data-testid="monitoring-budget">
      <p>
        <strong>{formatBytes(used)}</strong> of the {formatBytes(budget)} budget: logs {formatBytes(logs)},
        stats {formatBytes(stats)}, events {formatBytes(events)}.
        {used > budget ? ' Over the budget: the oldest log lines of the fleet are being deleted.' : ''}
      </p>
      <ProgressBar fraction={budget > 0 ? used / budget : 0} label="Monitoring data used of its budget" />
      <p className="muted" data-testid="monitoring-largest-logs">
        {largest.length === 0
          ? 'No logs stored yet.'
          : `Most logs: ${largest.map((row) => `${row.name ?? 'a deleted deployment'} ${formatBytes(row.logBytes)}`).join(', ')}. When the budget is full, the oldest lines of the whole fleet go first.`}
      </p>
    </div>
  );
}

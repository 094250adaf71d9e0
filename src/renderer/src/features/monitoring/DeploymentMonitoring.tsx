import { useEffect, useRef, useState } from 'react';
import type { DeploymentOverview } from '@shared/contract/monitoring';
import { TabButton } from '../../components/TabButton';
import { formatAgo } from '../../components/relative-time';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { errorViewOf } from '../../store/slice';
import { ContainersCard } from './ContainersCard';
import { EventsTab } from './EventsTab';
import { LogsTab } from './LogsTab';
import { OfflineBanner } from './OfflineBanner';
import { StatsTab } from './StatsTab';
import { useMonitoringFocus } from './use-monitoring-focus';
import { useNow } from './use-now';
import styles from './monitoring.module.css';

const tabs = [
  { id: 'overview', label: 'Overview' },
  { id: 'logs', label: 'Logs' },
  { id: 'stats', label: 'Stats' },
  { id: 'events', label: 'Events' },
] as const;
type Tab = (typeof tabs)[number]['id'];

interface MonitoringTabsProps {
  tab: Tab;
  setTab: (tab: Tab) => void;
  overview: DeploymentOverview | undefined;
  now: Date;
  deploymentId: string;
}

function MonitoringTabs({ tab, setTab, overview, now, deploymentId }: MonitoringTabsProps) {
  const refresh = useAction(useAppStore((s) => s.refreshMonitoring));
  return (
    <div className="tabs" role="tablist" aria-label="Monitoring">
      {tabs.map((item) => (
        <TabButton key={item.id} isSelected={tab === item.id} onSelect={() => setTab(item.id)}>
          {item.label}
          {item.id === 'overview' && overview && overview.alerts.length > 0 ? (
            <span className={`badge badge-error ${styles.tabCount}`}>{overview.alerts.length}</span>
          ) : null}
        </TabButton>
      ))}
      <span className={`muted ${styles.monitoringFreshness}`} data-testid="monitoring-freshness">
        {overview
          ? `Sampled ${formatAgo(overview.lastSampleAt, now)} · newest line ${formatAgo(overview.lastLogAt, now)}`
          : ''}
      </span>
      <button
        type="button"
        className="link-button"
        onClick={() => void refresh.run(deploymentId)}
        disabled={refresh.isPending || overview?.reachability?.isReachable === false}
      >
        {refresh.isPending ? 'Refreshing…' : 'Refresh'}
      </button>
      {refresh.error ? <span className="field-error">{refresh.error.message}</span> : null}
    </div>
  );
}

/**
 * A deployment's monitoring tabs. Everything comes from this computer's store, so each tab opens at
 * once, also with the node unreachable (then a banner says since when). While mounted, the
 * deployment is sampled every few seconds.
 */
export function DeploymentMonitoring({
  deploymentId,
  logsFor = null,
}: {
  deploymentId: string;
  /** Asked from elsewhere on the page: open the logs of this service (a new `seq` asks again). */
  logsFor?: { service: string; seq: number } | null;
}) {
  const overview = useAppStore((s) => s.monitoringOverviews[deploymentId]);
  const load = useAppStore((s) => s.loadMonitoringOverview);
  const watch = useAppStore((s) => s.watchMonitoring);
  const [tab, setTab] = useState<Tab>('overview');
  const ref = useRef<HTMLDivElement>(null);
  const [seenRequest, setSeenRequest] = useState<number | null>(null);
  if (logsFor && logsFor.seq !== seenRequest) {
    setSeenRequest(logsFor.seq);
    setTab('logs');
  }
  useEffect(() => {
    if (logsFor) ref.current?.scrollIntoView({ block: 'start' });
  }, [logsFor]);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();
  useMonitoringFocus(`deployment:${deploymentId}`, [deploymentId], []);
  useEffect(() => watch(), [watch]);
  useEffect(() => {
    load(deploymentId).catch((failure: unknown) => setError(errorViewOf(failure).message));
  }, [deploymentId, load]);

  return (
    <div ref={ref} className={styles.monitoring} data-testid="deployment-monitoring">
      <OfflineBanner reachability={overview?.reachability ?? null} now={now} />
      {error ? <p className="field-error">{error}</p> : null}
      <MonitoringTabs tab={tab} setTab={setTab} overview={overview} now={now} deploymentId={deploymentId} />
      {tab === 'overview' ? (
        overview ? (
          <ContainersCard overview={overview} />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : null}
      {tab === 'logs' ? (
        <LogsTab
          key={logsFor?.seq}
          deploymentId={deploymentId}
          services={overview?.services ?? []}
          initialService={logsFor?.service}
        />
      ) : null}
      {tab === 'stats' ? <StatsTab deploymentId={deploymentId} /> : null}
      {tab === 'events' ? <EventsTab deploymentId={deploymentId} /> : null}
    </div>
  );
}

import type { Settings } from '@shared/contract/settings';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { enforceBudget } from './budget';
import type { ContainerRepository } from './store/container-repository';
import type { EventRepository } from './store/event-repository';
import { trimLogs, type LogRepository } from './store/log-repository';
import type { StatsRepository } from './store/stats-repository';
import { keptSince } from './monitoring-views';

const DAY = 86_400_000;

/**
 * One pass of the retention worker: rolls finished minutes and hours up, then deletes what each
 * limit in the settings no longer allows (stats tiers by age, logs per deployment by size and age,
 * events and resolved alerts by age), then the oldest logs fleet-wide past the data budget. Free
 * pages are reused by SQLite, so the file stops growing.
 */
export async function runRetention(deps: {
  settings: () => Settings['monitoring'];
  db: Database;
  clock: Clock;
  logs: LogRepository;
  stats: StatsRepository;
  events: EventRepository;
  containers: ContainerRepository;
}) {
  const settings = deps.settings();
  const now = deps.clock.now().getTime();
  deps.stats.rollup(now);
  const statRows = deps.stats.prune(keptSince(settings, now));
  let logLines = 0;
  for (const { deploymentId } of deps.logs.usage()) {
    logLines += await trimLogs(
      deps.logs,
      deploymentId,
      settings.logMegabytesPerDeployment * 1024 * 1024,
      (now - settings.logRetentionDays * DAY) * 1000,
    );
  }
  const eventRows = deps.events.prune(new Date(now - settings.eventRetentionDays * DAY).toISOString());
  deps.containers.prune(new Date(now - settings.logRetentionDays * DAY).toISOString());
  const budgetFreedBytes = await enforceBudget(
    deps.db,
    deps.logs,
    settings.dataBudgetMegabytes * 1024 * 1024,
    now,
  );
  return { statRows, logLines, eventRows, budgetFreedBytes };
}

import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { severityClass } from './monitoring-format';
import styles from './monitoring.module.css';

const sourceLabel = { docker: 'Docker', recovery: 'found after reconnect', app: 'Hoster' } as const;

/** The deployment's history: Docker's container events, this app's lifecycle steps and node outages. */
export function EventsTab({ deploymentId }: { deploymentId: string }) {
  const page = useAppStore((s) => s.monitoringEvents[deploymentId]);
  const load = useAppStore((s) => s.loadMonitoringEvents);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load(deploymentId).catch((failure: unknown) =>
      setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [deploymentId, load]);

  return (
    <section className="card" aria-labelledby="events-heading" data-testid="monitoring-events">
      <h2 id="events-heading">Events</h2>
      {error ? <p className="field-error">{error}</p> : null}
      {!page ? (
        <p className="muted">Loading…</p>
      ) : page.events.length === 0 ? (
        <p className="muted">No events recorded yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Kind</th>
              <th>Service</th>
              <th>What happened</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.id} data-testid="event-row" data-kind={event.kind}>
                <td className={styles.nowrap}>{new Date(event.at).toLocaleString()}</td>
                <td>
                  <span className={severityClass[event.severity]}>
                    {event.kind === 'health_status' ? 'health' : event.kind}
                  </span>
                </td>
                <td>{event.service ?? '—'}</td>
                <td>{event.message}</td>
                <td className="muted">{sourceLabel[event.source]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.hasMore ? <p className="muted">Older events are kept too; the newest 500 are shown.</p> : null}
    </section>
  );
}

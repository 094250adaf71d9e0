import { useEffect } from 'react';
import { formatAgo } from '../../components/relative-time';
import { useAppStore } from '../../store';
import { NodeStatusBadge } from './NodeStatusBadge';
import styles from './nodes.module.css';

export function NodeEventList({ nodeId }: { nodeId: string }) {
  const events = useAppStore((s) => s.nodeEvents[nodeId]);
  const load = useAppStore((s) => s.loadNodeEvents);
  useEffect(() => {
    void load(nodeId);
  }, [load, nodeId]);
  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading">Status changes</h2>
      {events?.length === 0 ? <p className="muted">None yet.</p> : null}
      <ul className={styles.nodeEvents} data-testid="node-events">
        {events?.map((event) => (
          <li key={event.id}>
            <span className="muted" title={event.at}>
              {formatAgo(event.at)}
            </span>{' '}
            {event.from ? <NodeStatusBadge status={event.from} /> : null} →{' '}
            <NodeStatusBadge status={event.to} />
            {event.message ? <span className="muted"> · {event.message}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

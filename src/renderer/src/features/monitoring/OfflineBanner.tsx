import type { Reachability } from '@shared/contract/monitoring';
import { formatAgo } from '../../components/relative-time';
import styles from './monitoring.module.css';

/** Says plainly when a screen shows stored data because the node cannot be reached. */
export function OfflineBanner({ reachability, now }: { reachability: Reachability | null; now: Date }) {
  if (!reachability || reachability.isReachable) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="offline-banner">
      <span>
        <strong>{reachability.nodeName} is unreachable.</strong> Showing what this computer stored; last seen{' '}
        <span data-testid="last-seen">{formatAgo(reachability.lastSeenAt, now)}</span>
        {reachability.lastSeenAt ? ` (${new Date(reachability.lastSeenAt).toLocaleString()})` : ''}.
        {reachability.reason ? (
          <span className={`muted ${styles.bannerReason}`}> {reachability.reason}</span>
        ) : null}
      </span>
    </div>
  );
}

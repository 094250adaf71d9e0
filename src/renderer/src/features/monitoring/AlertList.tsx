import type { Alert } from '@shared/contract/monitoring';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import styles from './monitoring.module.css';

/** Open alerts, newest first, each with when it was raised and a way to dismiss it. */
export function AlertList({ alerts, emptyText }: { alerts: Alert[]; emptyText: string }) {
  const dismiss = useAppStore((s) => s.dismissAlert);
  const action = useAction(dismiss);
  if (alerts.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <ul className={styles.alertList} data-testid="alerts">
      {alerts.map((alert) => (
        <li
          key={alert.id}
          className={alert.severity === 'error' ? `${styles.alert} ${styles.alertError}` : styles.alert}
          data-testid="alert"
          data-kind={alert.kind}
        >
          <div>
            <strong>{alert.title}</strong>
            <p className="muted">
              {alert.message} · since {new Date(alert.raisedAt).toLocaleString()}
            </p>
          </div>
          <button
            type="button"
            className="link-button"
            onClick={() => void action.run(alert.id)}
            disabled={action.isPending}
          >
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}

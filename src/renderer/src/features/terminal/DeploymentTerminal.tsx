import { useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { MaintenanceCommands } from './MaintenanceCommands';
import { unreachableReason } from '../deployments/deployment-format';
import { SessionTabs, useSessionTabs } from './SessionTabs';
import styles from './terminal.module.css';

const canOpen = (status: DeploymentDetail['status']) => status === 'running' || status === 'degraded';

/** The deployment page's Terminal section: shells in its services' containers, and its template's maintenance commands. */
export function DeploymentTerminal({ detail }: { detail: DeploymentDetail }) {
  const [service, setService] = useState(detail.services[0] ?? '');
  const sessions = useSessionTabs();
  // The node out of reach says so first; otherwise the app must be up.
  const blocker =
    unreachableReason(detail, detail.nodeName) ??
    (canOpen(detail.status) ? null : 'Start the deployment to open a terminal in it.');
  const isOpenable = blocker === null && service !== '';
  const open = () => sessions.open(service, { deploymentId: detail.id, service });
  return (
    <section className="card" aria-labelledby="terminal-heading" data-testid="deployment-terminal">
      <h2 id="terminal-heading">Terminal</h2>
      <div className={styles.toolbar}>
        <label className="field">
          Service
          <select value={service} onChange={(e) => setService(e.target.value)} data-testid="terminal-service">
            {detail.services.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" onClick={open} disabled={!isOpenable}>
          Open terminal
        </button>
        {blocker ? (
          <span className="muted" data-testid="terminal-blocker">
            {blocker}
          </span>
        ) : null}
      </div>
      {sessions.tabs.length === 0 ? (
        <p className="muted">No terminal open. Pick a service and open a shell in its container.</p>
      ) : (
        <SessionTabs tabs={sessions.tabs} onClose={sessions.close} />
      )}
      <MaintenanceCommands deploymentId={detail.id} isRunnable={blocker === null} />
    </section>
  );
}

import { useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { MaintenanceCommands } from './MaintenanceCommands';
import { SessionTabs, useSessionTabs } from './SessionTabs';
import styles from './terminal.module.css';

const canOpen = (status: DeploymentDetail['status']) => status === 'running' || status === 'degraded';

/** The deployment page's Terminal section: shells in its services' containers, and its template's maintenance commands. */
export function DeploymentTerminal({ detail }: { detail: DeploymentDetail }) {
  const [service, setService] = useState(detail.services[0] ?? '');
  const sessions = useSessionTabs();
  const isOpenable = canOpen(detail.status) && service !== '';
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
        {canOpen(detail.status) ? null : <span className="muted">Start the deployment to open a terminal in it.</span>}
      </div>
      {sessions.tabs.length === 0 ? (
        <p className="muted">No terminal open. Pick a service and open a shell in its container.</p>
      ) : (
        <SessionTabs tabs={sessions.tabs} onClose={sessions.close} />
      )}
      <MaintenanceCommands deploymentId={detail.id} isRunnable={canOpen(detail.status)} />
    </section>
  );
}

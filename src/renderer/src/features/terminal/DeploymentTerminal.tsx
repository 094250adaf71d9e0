import { useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { MaintenanceCommands } from './MaintenanceCommands';
import { TerminalPanel } from './TerminalPanel';
import styles from './terminal.module.css';

interface Tab {
  key: number;
  service: string;
}

const canOpen = (status: DeploymentDetail['status']) => status === 'running' || status === 'degraded';

/** Tabs of sessions: each keeps its shell while another is shown; closing one asks first. */
function SessionTabs({ deploymentId, tabs, onClose }: { deploymentId: string; tabs: Tab[]; onClose: (key: number) => void }) {
  const [selected, setSelected] = useState<number | null>(null);
  const [closing, setClosing] = useState<Tab | null>(null);
  const shown = tabs.some((tab) => tab.key === selected) ? selected : (tabs.at(-1)?.key ?? null);
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Terminal sessions">
        {tabs.map((tab, index) => (
          <span key={tab.key} className={`${shown === tab.key ? 'tab selected' : 'tab'} ${styles.sessionTab}`}>
            <button type="button" role="tab" aria-selected={shown === tab.key} className="link-button" onClick={() => setSelected(tab.key)}>
              {tab.service} #{index + 1}
            </button>
            <button type="button" className={styles.closeTab} aria-label={`Close ${tab.service} #${index + 1}`} onClick={() => setClosing(tab)}>
              ×
            </button>
          </span>
        ))}
      </div>
      {tabs.map((tab) => (
        <TerminalPanel key={tab.key} target={{ deploymentId, service: tab.service }} isActive={shown === tab.key} />
      ))}
      {closing ? (
        <ConfirmDialog
          title={`Close the ${closing.service} terminal?`}
          confirmLabel="Close terminal"
          pendingLabel="Closing…"
          action={() => Promise.resolve(onClose(closing.key))}
          onClose={() => setClosing(null)}
        >
          <p>The shell and anything still running in it are stopped. Files it wrote in the container stay.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/** The deployment page's Terminal section: shells in its services' containers, and its template's maintenance commands. */
export function DeploymentTerminal({ detail }: { detail: DeploymentDetail }) {
  const [service, setService] = useState(detail.services[0] ?? '');
  const [tabs, setTabs] = useState<Tab[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const isOpenable = canOpen(detail.status) && service !== '';
  const open = () => {
    setTabs((current) => [...current, { key: nextKey, service }]);
    setNextKey((key) => key + 1);
  };
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
      {tabs.length === 0 ? (
        <p className="muted">No terminal open. Pick a service and open a shell in its container.</p>
      ) : (
        <SessionTabs deploymentId={detail.id} tabs={tabs} onClose={(key) => setTabs((current) => current.filter((tab) => tab.key !== key))} />
      )}
      <MaintenanceCommands deploymentId={detail.id} isRunnable={canOpen(detail.status)} />
    </section>
  );
}

import { useState } from 'react';
import type { TerminalTarget } from '@shared/contract/terminal';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TerminalPanel } from './TerminalPanel';
import styles from './terminal.module.css';

/** One open session: what its tab says (a service, a container) and where its shell runs. */
export interface SessionTab {
  key: number;
  label: string;
  target: TerminalTarget;
}

/** The sessions a page keeps open: a new one is shown at once, a closed one ends its shell. */
export function useSessionTabs() {
  const [tabs, setTabs] = useState<SessionTab[]>([]);
  const [nextKey, setNextKey] = useState(1);
  return {
    tabs,
    open: (label: string, target: TerminalTarget) => {
      setTabs((current) => [...current, { key: nextKey, label, target }]);
      setNextKey((key) => key + 1);
    },
    close: (key: number) => setTabs((current) => current.filter((tab) => tab.key !== key)),
  };
}

/** Tabs of sessions: each keeps its shell while another is shown; closing one asks first. */
export function SessionTabs({ tabs, onClose }: { tabs: SessionTab[]; onClose: (key: number) => void }) {
  const [selected, setSelected] = useState<number | null>(null);
  const [closing, setClosing] = useState<SessionTab | null>(null);
  const shown = tabs.some((tab) => tab.key === selected) ? selected : (tabs.at(-1)?.key ?? null);
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Terminal sessions">
        {tabs.map((tab, index) => (
          <span key={tab.key} className={`${shown === tab.key ? 'tab selected' : 'tab'} ${styles.sessionTab}`}>
            <button type="button" role="tab" aria-selected={shown === tab.key} className="link-button" onClick={() => setSelected(tab.key)}>
              {tab.label} #{index + 1}
            </button>
            <button type="button" className={styles.closeTab} aria-label={`Close ${tab.label} #${index + 1}`} onClick={() => setClosing(tab)}>
              ×
            </button>
          </span>
        ))}
      </div>
      {tabs.map((tab) => (
        <TerminalPanel key={tab.key} target={tab.target} isActive={shown === tab.key} />
      ))}
      {closing ? (
        <ConfirmDialog
          title={`Close the ${closing.label} terminal?`}
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

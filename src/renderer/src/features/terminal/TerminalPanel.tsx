import { useRef, useState } from 'react';
import type { TerminalTarget } from '@shared/contract/terminal';
import { useApi } from '../../store';
import { useTerminalSession, type TerminalState } from './use-terminal-session';
import styles from './terminal.module.css';

function statusLine(state: TerminalState): string {
  switch (state.phase) {
    case 'opening':
      return 'Opening a shell…';
    case 'open':
      return `${state.session.shell} in ${state.session.containerName}`;
    case 'ended':
      return `Session ended: ${state.reason}`;
    case 'failed':
      return 'Could not open a terminal';
  }
}

/**
 * A shell in one running container: `{ nodeId, containerId }` for any container of a node, or
 * `{ deploymentId, service }` for a deployment's service. The session lives as long as the panel
 * does; once it ends, the panel says why and offers to open a new one.
 */
export function TerminalPanel({ target, isActive = true }: { target: TerminalTarget; isActive?: boolean }) {
  const api = useApi();
  const screen = useRef<HTMLDivElement>(null);
  const [generation, setGeneration] = useState(0);
  const state = useTerminalSession(api, target, screen, generation);
  const isOver = state.phase === 'ended' || state.phase === 'failed';
  return (
    <div className={isActive ? styles.panel : `${styles.panel} ${styles.hidden}`} data-testid="terminal-panel">
      <div className={styles.statusBar}>
        <span className={state.phase === 'open' ? styles.live : styles.muted} data-testid="terminal-status">
          {statusLine(state)}
        </span>
        {isOver ? (
          <button type="button" className="link-button" onClick={() => setGeneration((n) => n + 1)}>
            Open a new session
          </button>
        ) : null}
      </div>
      {state.phase === 'failed' ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
      <div ref={screen} className={styles.screen} data-testid="terminal-screen" />
    </div>
  );
}

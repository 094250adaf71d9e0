import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useState, type RefObject } from 'react';
import type { ApiClient } from '@shared/api-client';
import type { TerminalSession, TerminalTarget } from '@shared/contract/terminal';
import { errorViewOf } from '../../store/slice';
import { adoptInlineStyles } from './adopt-inline-styles';
import { createTerminalLink } from './terminal-link';

export type TerminalState =
  | { phase: 'opening' }
  | { phase: 'open'; session: TerminalSession }
  | { phase: 'ended'; session: TerminalSession | null; reason: string }
  | { phase: 'failed'; message: string };

/** An xterm in `element`, sized to it, its fit redone whenever the element changes size. */
function mountTerminal(element: HTMLElement) {
  const terminal = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: { background: '#0f1115', foreground: '#e6e6e6' },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(element);
  const stopStyles = adoptInlineStyles(element);
  const refit = () => {
    // A hidden tab has no size: fitting it would shrink the TTY to nothing.
    if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
  };
  refit();
  const observer = new ResizeObserver(refit);
  observer.observe(element);
  return {
    terminal,
    dispose: () => {
      observer.disconnect();
      terminal.dispose();
      stopStyles();
    },
  };
}

/**
 * Opens a session on `target` in an xterm inside `ref`'s element and keeps it until unmounted (or
 * `generation` changes: a reconnect). Typing goes to the container; what it prints comes back.
 */
export function useTerminalSession(
  api: ApiClient,
  target: TerminalTarget,
  ref: RefObject<HTMLDivElement | null>,
  generation: number,
): TerminalState {
  const [state, setState] = useState<TerminalState>({ phase: 'opening' });
  // The target by value: a parent passing a fresh object each render does not reopen the session.
  const targetKey = JSON.stringify(target);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    setState({ phase: 'opening' });
    const { terminal, dispose } = mountTerminal(element);
    let opened: TerminalSession | null = null;
    let isUnmounted = false;
    const link = createTerminalLink(api, {
      write: (data) => terminal.write(data),
      ended: (reason) => {
        terminal.write(`\r\n\x1b[2m[session ended: ${reason}]\x1b[0m\r\n`);
        setState({ phase: 'ended', session: opened, reason });
      },
    });
    const inputs = terminal.onData((data) => link.input(data));
    const resizes = terminal.onResize(({ cols, rows }) => link.resize(cols, rows));
    api['terminal:open']({ ...(JSON.parse(targetKey) as TerminalTarget), cols: terminal.cols, rows: terminal.rows }).then(
      (session) => {
        // Unmounted while it opened: hang it up now rather than leave it to the core's sweep.
        if (isUnmounted) return void api['terminal:close']({ sessionId: session.sessionId }).catch(() => undefined);
        opened = session;
        setState({ phase: 'open', session });
        link.attach(session);
        terminal.focus();
      },
      (failure: unknown) => setState({ phase: 'failed', message: errorViewOf(failure).message }),
    );
    return () => {
      isUnmounted = true;
      inputs.dispose();
      resizes.dispose();
      link.dispose();
      dispose();
    };
  }, [api, ref, targetKey, generation]);
  return state;
}

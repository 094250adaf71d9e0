import type { ApiClient } from '@shared/api-client';
import type { EventPayload } from '@shared/contract';
import type { TerminalSession } from '@shared/contract/terminal';

/** How often the window says its sessions are still wanted; the core closes one unnamed for 30 s. */
export const KEEPALIVE_MS = 5000;

export interface TerminalLinkHandlers {
  write: (data: string) => void;
  ended: (reason: string) => void;
}

/**
 * One session's traffic with the core. Output can arrive before `terminal:open` answers (the shell's
 * first prompt), so events for sessions not yet known are held and replayed once the id is. Keystrokes
 * are sent one request at a time, in order; what is typed meanwhile goes in the next request.
 */
export function createTerminalLink(api: ApiClient, handlers: TerminalLinkHandlers) {
  let session: TerminalSession | null = null;
  let isDisposed = false;
  const early: (['output', EventPayload<'terminal:output'>] | ['closed', EventPayload<'terminal:closed'>])[] = [];
  const onOutput = (event: EventPayload<'terminal:output'>) => {
    if (!session) early.push(['output', event]);
    else if (event.sessionId === session.sessionId) handlers.write(event.data);
  };
  const onClosed = (event: EventPayload<'terminal:closed'>) => {
    if (!session) early.push(['closed', event]);
    else if (event.sessionId === session.sessionId) handlers.ended(event.reason);
  };
  const offOutput = api.on('terminal:output', onOutput);
  const offClosed = api.on('terminal:closed', onClosed);
  let typed = '';
  let isSending = false;
  const send = async () => {
    if (isSending || !session) return;
    isSending = true;
    while (typed !== '' && !isDisposed) {
      const data = typed.slice(0, 65_536);
      typed = typed.slice(data.length);
      // A keystroke into a session that just ended is lost with it; the ended banner says why.
      await api['terminal:input']({ sessionId: session.sessionId, data }).catch(() => undefined);
    }
    isSending = false;
  };
  const timer = setInterval(() => {
    if (session) void api['terminal:keepalive']({ sessionIds: [session.sessionId] }).catch(() => undefined);
  }, KEEPALIVE_MS);

  return {
    /** The session `terminal:open` answered: its held output is written now. */
    attach(opened: TerminalSession) {
      session = opened;
      for (const [kind, event] of early.splice(0))
        if (kind === 'output') onOutput(event);
        else onClosed(event);
    },
    input(data: string) {
      typed += data;
      void send();
    },
    resize(cols: number, rows: number) {
      if (session) void api['terminal:resize']({ sessionId: session.sessionId, cols, rows }).catch(() => undefined);
    },
    /** Stops listening and hangs the session up in the core (if it is still open there). */
    dispose() {
      isDisposed = true;
      clearInterval(timer);
      offOutput();
      offClosed();
      // Closing a session that already ended answers not_found: nothing is left to close.
      if (session) void api['terminal:close']({ sessionId: session.sessionId }).catch(() => undefined);
    },
  };
}

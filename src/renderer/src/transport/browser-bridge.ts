import { CALL_ID_HEADER, newCallId } from '@shared/browser-calls';
import { eventNames, methodNames, type Bridge, type EventName } from '@shared/contract';

const RECONNECT_DELAY_MS = 1000;
/** Waits before each repeat of a call whose connection dropped; after the last, the host counts as gone. */
const REPEAT_DELAYS_MS = [250, 1000];
const UNAVAILABLE = {
  ok: false,
  error: {
    code: 'unavailable',
    message: 'The Hoster Desktop host is not answering. Is `npm run serve` still running?',
  },
} as const;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Browser mode's bridge: methods as `POST /api/<method>` with the token, events over one WebSocket
 * that reconnects by itself. Answers are the same Result envelopes the Electron preload returns.
 * A call whose connection drops is sent again with the same call id, which the host answers from
 * the first run, so a repeat never runs a deploy or a delete twice.
 */
export function createBrowserBridge(origin: string, token: string): Bridge & { close(): void } {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let isClosed = false;

  const connect = () => {
    if (isClosed) return;
    const url = new URL('/events', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      const { event, payload } = JSON.parse(String(message.data)) as { event: EventName; payload: unknown };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    socket.onclose = () => {
      if (!isClosed) setTimeout(connect, RECONNECT_DELAY_MS);
    };
  };
  connect();

  const send = (method: string, input: unknown, callId: string) =>
    fetch(new URL(`/api/${method}`, origin), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        [CALL_ID_HEADER]: callId,
      },
      body: JSON.stringify(input ?? {}),
    }).then((response) => response.json() as Promise<unknown>);

  const bridge: Record<string, unknown> = {};
  for (const method of methodNames) {
    bridge[method] = async (input: unknown) => {
      const callId = newCallId();
      for (const delay of [0, ...REPEAT_DELAYS_MS]) {
        if (delay > 0) await wait(delay);
        try {
          return await send(method, input, callId);
        } catch {
          // The connection dropped or the answer was cut off: repeat the same call.
        }
      }
      return UNAVAILABLE;
    };
  }
  bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${event}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  bridge.close = () => {
    isClosed = true;
    socket?.close();
  };
  return bridge as Bridge & { close(): void };
}

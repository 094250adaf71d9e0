import { eventNames, methodNames, type Bridge, type EventName } from '@shared/contract';

const RECONNECT_DELAY_MS = 1000;

/**
 * Browser mode's bridge: methods as `POST /api/<method>` with the token, events over one WebSocket
 * that reconnects by itself. Answers are the same Result envelopes the Electron preload returns.
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

  const bridge: Record<string, unknown> = {};
  for (const method of methodNames) {
    bridge[method] = async (input: unknown) => {
      try {
        const response = await fetch(new URL(`/api/${method}`, origin), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as unknown;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'The Hoster Desktop host is not answering. Is `npm run serve` still running?' } };
      }
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

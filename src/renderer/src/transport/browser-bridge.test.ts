import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALL_ID_HEADER } from '@shared/browser-calls';
import { createBrowserBridge } from './browser-bridge';

/** The push socket is not under test here: one that never opens. */
class QuietSocket {
  onmessage: unknown = null;
  onclose: unknown = null;
  close() {}
}

/** A fetch that drops the first `drops` connections, then answers `{ ok: true, value: n }` for the n-th request. */
function droppingFetch(drops: number) {
  const sent: Array<string | null> = [];
  const fetch = vi.fn((_url: URL, init: RequestInit) => {
    sent.push(new Headers(init.headers).get(CALL_ID_HEADER));
    if (sent.length <= drops) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(new Response(JSON.stringify({ ok: true, value: sent.length })));
  });
  return { fetch, sent };
}

const callOf = (bridge: ReturnType<typeof createBrowserBridge>) => (input: unknown) =>
  (bridge['settings:get'] as (input: unknown) => Promise<unknown>)(input);

describe('the browser bridge when a connection drops', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the call again with the same id and returns the answer that arrives', async () => {
    const { fetch, sent } = droppingFetch(2);
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('WebSocket', QuietSocket);
    const bridge = createBrowserBridge('http://127.0.0.1:1', 'token');
    expect(await callOf(bridge)({})).toEqual({ ok: true, value: 3 });
    expect(sent).toHaveLength(3);
    expect(new Set(sent).size).toBe(1);
    expect(sent[0]).toMatch(/^[0-9a-f]{32}$/);

    await callOf(bridge)({});
    expect(sent[3]).not.toBe(sent[0]);
    bridge.close();
  });

  it('says the host is not answering after three dropped tries', async () => {
    const { fetch, sent } = droppingFetch(3);
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('WebSocket', QuietSocket);
    const bridge = createBrowserBridge('http://127.0.0.1:1', 'token');
    expect(await callOf(bridge)({})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('not answering') as unknown },
    });
    expect(sent).toHaveLength(3);
    bridge.close();
  });
});

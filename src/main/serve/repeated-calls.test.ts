import { describe, expect, it } from 'vitest';
import { CALL_ID_HEADER, newCallId } from '@shared/browser-calls';
import { useBrowserHost } from './test-host';

const authorized = { authorization: 'Bearer the-token' };
const dark = { appearance: { theme: 'dark' } };

describe('browser host: a call the page repeats after a dropped connection', () => {
  const h = useBrowserHost();

  it('answers a repeated call id from the first run, without running the method again', async () => {
    await h.start();
    const callId = newCallId();
    const first = await h.call('settings:update', dark, { ...authorized, [CALL_ID_HEADER]: callId });
    const again = await h.call('settings:update', dark, { ...authorized, [CALL_ID_HEADER]: callId });
    expect(await again.json()).toEqual(await first.json());
    expect(h.calls).toEqual(['settings:update']);
  });

  it('runs every call that has a new id, no id, or an id that is not one the page makes', async () => {
    await h.start();
    const callId = newCallId();
    await h.call('settings:update', dark, { ...authorized, [CALL_ID_HEADER]: callId });
    await h.call('settings:get', {}, { ...authorized, [CALL_ID_HEADER]: callId });
    await h.call('settings:update', dark, { ...authorized, [CALL_ID_HEADER]: newCallId() });
    await h.call('settings:update', dark, authorized);
    await h.call('settings:update', dark, authorized);
    await h.call('settings:update', dark, { ...authorized, [CALL_ID_HEADER]: 'same' });
    await h.call('settings:update', dark, { ...authorized, [CALL_ID_HEADER]: 'same' });
    expect(h.calls).toEqual([
      'settings:update',
      'settings:get',
      'settings:update',
      'settings:update',
      'settings:update',
      'settings:update',
      'settings:update',
    ]);
  });

  it('gives a repeat that arrives while the first run is still going the same answer', async () => {
    await h.start();
    const callId = newCallId();
    const headers = { ...authorized, [CALL_ID_HEADER]: callId };
    const [first, again] = await Promise.all([
      h.call('settings:update', dark, headers),
      h.call('settings:update', dark, headers),
    ]);
    expect(await again.json()).toEqual(await first.json());
    expect(h.calls).toEqual(['settings:update']);
  });
});

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/api-client';
import { createStore } from 'zustand';
import { createAppStore, StoreContext, type AppState } from '../../store';
import { fakeBridge } from '../../store/test-support';
import { CreateProgress } from './CreateProgress';
import { job, server } from './test-fixtures';

const noop = () => undefined;

/** A store whose create was started, then moved on by the events the core pushes. */
async function started() {
  const fake = fakeBridge({ 'cloud:create': () => ({ server: server({ step: 'requested' }), job: job() }) });
  const api = createApiClient(fake.bridge);
  const store = createAppStore(api);
  const stop = store.getState().watchCloud();
  await store.getState().createCloudServer({
    provider: 'digitalocean',
    name: 'hoster-fra1-1',
    region: 'fra1',
    size: 's-1vcpu-1gb',
    image: 'debian-12-x64',
    keyId: 'k1',
  });
  // A server render reads a store's initial state (useSyncExternalStore's server snapshot), so each
  // render gets a store that starts from the state the events left.
  const render = () =>
    renderToStaticMarkup(
      <StoreContext.Provider value={{ store: createStore<AppState>()(() => store.getState()), api }}>
        <CreateProgress serverId="c1" onOpenNode={noop} onClose={noop} />
      </StoreContext.Provider>,
    );
  return { fake, render, stop };
}

const stepStates = (html: string) => [...html.matchAll(/data-state="(\w+)"/g)].map((m) => m[1]);

describe('CreateProgress', () => {
  it('moves the checklist on as cloud:changed and jobs:changed arrive, with the job’s detail and Cancel', async () => {
    const { fake, render, stop } = await started();
    const first = render();
    expect(stepStates(first)).toEqual(['current', 'pending', 'pending', 'pending', 'pending']);
    expect(first).toContain('Booting: 40 s so far');
    expect(first).toContain('Cancel create');
    expect(first).toContain('Close (it goes on)');
    fake.emit('cloud:changed', server({ step: 'booted', updatedAt: '2026-01-01T00:01:00.000Z' }));
    fake.emit(
      'jobs:changed',
      job({
        progress: { step: 'SSH', detail: 'Connecting to 127.0.0.9 with the pinned host key' },
        updatedAt: '2026-01-01T00:01:00.000Z',
      }),
    );
    const later = render();
    expect(stepStates(later)).toEqual(['done', 'done', 'current', 'pending', 'pending']);
    expect(later).toContain('Answers SSH with the pinned host key');
    expect(later).toContain('Connecting to 127.0.0.9 with the pinned host key');
    fake.emit('jobs:changed', job({ status: 'cancelled', updatedAt: '2026-01-01T00:02:00.000Z' }));
    expect(render()).toMatch(/<button type="button" class="danger" disabled="">Cancelling…<\/button>/);
    stop();
  });

  it('shows the failure with the core’s message and no Cancel', async () => {
    const { fake, render, stop } = await started();
    const message =
      'The server did not boot within 10 minutes; it was deleted: nothing was left at DigitalOcean.';
    fake.emit(
      'cloud:changed',
      server({ step: 'created', status: 'failed', error: { code: 'timeout', message } }),
    );
    const html = render();
    expect(stepStates(html)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(html).toContain(`data-code="timeout">${message}`);
    expect(html).not.toContain('Cancel create');
    stop();
  });

  it('links to the new node once it is added', async () => {
    const { fake, render, stop } = await started();
    fake.emit('cloud:changed', server({ step: 'added', status: 'ready', nodeId: 'n7' }));
    const html = render();
    expect(stepStates(html)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(html).toContain('hoster-fra1-1 is a node now.');
    expect(html).toContain('Open node hoster-fra1-1');
    expect(html).not.toContain('Booting: 40 s so far');
    stop();
  });
});

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand';
import { createApiClient } from '@shared/api-client';
import { createAppStore, StoreContext, type AppState } from '../../store';
import { fakeBridge } from '../../store/test-support';
import { CloudServerCardView, MissingNodeNotice } from './CloudServerCard';
import { RetireServerView, type RetireServerViewProps } from './RetireServerDialog';
import { job, server } from './test-fixtures';

const noop = () => undefined;
const ready = server({ status: 'ready', step: 'added', nodeId: 'n1', jobId: null });

const retire = (patch: Partial<RetireServerViewProps>) =>
  renderToStaticMarkup(
    <RetireServerView
      server={ready}
      deployments={[]}
      error={null}
      isPending={false}
      onConfirm={noop}
      onClose={noop}
      {...patch}
    />,
  );

describe('CloudServerCardView', () => {
  it('shows where the node runs and what it costs, with Retire', () => {
    const html = renderToStaticMarkup(<CloudServerCardView server={ready} job={null} onRetire={noop} />);
    expect(html).toContain('Cloud server');
    expect(html).toContain('<dt>Provider</dt><dd>DigitalOcean</dd>');
    expect(html).toContain('<dt>Region</dt><dd>fra1</dd><dt>Size</dt><dd>s-1vcpu-1gb</dd>');
    expect(html).toContain('data-testid="cloud-server-price">$6.00/mo</dd>');
    expect(html).toContain('<dd class="mono">127.0.0.9</dd>');
    expect(html).toContain('<dt>Created</dt><dd>1 Jan 2026');
    expect(html).toMatch(/<button type="button" class="danger">Retire server…<\/button>/);
  });

  it('shows the retire under way with its job’s detail, and a failed retire’s message', () => {
    const retiring = server({ ...ready, status: 'retiring', jobId: 'j2' });
    const progress = job({
      id: 'j2',
      kind: 'cloud:retire',
      progress: { step: 'Deleting', detail: 'Waiting for DigitalOcean to delete droplet 4242' },
    });
    const html = renderToStaticMarkup(
      <CloudServerCardView server={retiring} job={progress} onRetire={noop} />,
    );
    expect(html).toMatch(/<button type="button" class="danger" disabled="">Retiring…<\/button>/);
    expect(html).toContain('Deleting the server and its disks at DigitalOcean…');
    expect(html).toContain('Waiting for DigitalOcean to delete droplet 4242');
    const failed = server({
      ...ready,
      status: 'failed',
      error: { code: 'unavailable', message: 'DigitalOcean did not answer: try again.' },
    });
    expect(
      renderToStaticMarkup(<CloudServerCardView server={failed} job={null} onRetire={noop} />),
    ).toContain('DigitalOcean did not answer: try again.');
  });
});

describe('RetireServerView', () => {
  it('names what is lost before the server is deleted', () => {
    const html = retire({});
    expect(html).toContain('Retire hoster-fra1-1?');
    expect(html).toContain('Deletes the server and its disks at DigitalOcean. This cannot be undone.');
    expect(html).toMatch(/<button type="button" class="danger">Retire server<\/button>/);
  });

  it('refuses while deployments are on the node, listing them, and shows the core’s own refusal', () => {
    const html = retire({
      deployments: [
        { id: 'd1', name: 'wiki', templateName: 'Wiki.js', status: 'running' },
        { id: 'd2', name: 'blog', templateName: 'Ghost', status: 'stopped' },
      ],
    });
    expect(html).toContain(
      '2 deployments run on hoster-fra1-1. Delete or move them first: retiring deletes the server with everything on it.',
    );
    expect(html).toContain('wiki <span class="muted">Wiki.js · running</span>');
    expect(html).toMatch(/<button type="button" class="danger" disabled="">Retire server<\/button>/);
    expect(html).not.toContain('This cannot be undone.');
    const refused = retire({
      error: { code: 'conflict', message: 'wiki runs on hoster-fra1-1: delete or move it first.' },
    });
    expect(refused).toContain('wiki runs on hoster-fra1-1: delete or move it first.');
    expect(retire({ deployments: null })).toMatch(
      /Looking up what runs there…[\s\S]*disabled="">Retire server/,
    );
    expect(retire({ isPending: true })).toContain('Retiring…');
  });
});

describe('MissingNodeNotice', () => {
  const render = (servers: AppState['cloudServers']) => {
    const api = createApiClient(fakeBridge({}).bridge);
    const store = createStore<AppState>()(() => ({
      ...createAppStore(api).getState(),
      cloudServers: servers,
    }));
    return renderToStaticMarkup(
      <StoreContext.Provider value={{ store, api }}>
        <MissingNodeNotice nodeId="n1" />
      </StoreContext.Provider>,
    );
  };

  it('says a retired node was retired, and any other missing node that it no longer exists', () => {
    expect(render([server({ ...ready, status: 'retired' })])).toContain(
      'hoster-fra1-1 was retired: its server and disks are deleted at DigitalOcean.',
    );
    expect(render([ready])).toContain('That node no longer exists.');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { Domain, NodeProxy } from '@shared/contract/domains';
import type { Job } from '@shared/contract/jobs';
import { applyDomain, withoutDomain } from './domains-slice';
import { createAppStore } from './index';
import { fakeBridge } from './test-support';

const domain = (id: string, patch: Partial<Domain> = {}): Domain => ({
  id,
  deploymentId: 'd1',
  nodeId: 'n1',
  basicAuthUser: null,
  hostname: `${id}.203.0.113.7.sslip.io`,
  kind: 'automatic',
  service: 'web',
  port: 80,
  status: 'pending',
  certificate: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

const job = (updatedAt: string, step: string, status: Job['status'] = 'running'): Job => ({
  id: 'j1',
  kind: 'domain:add',
  target: 'dom-new',
  status,
  progress: { step },
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
});

const proxy: NodeProxy = {
  nodeId: 'n1',
  status: 'running',
  image: 'caddy:2@sha256:abc',
  version: 'v2.10.0',
  error: null,
  checkedAt: '2026-01-01T00:00:00.000Z',
};

describe('applyDomain and withoutDomain', () => {
  it('replaces a listed domain in place, appends a new one and removes by id', () => {
    const list = [domain('a'), domain('b')];
    const active = domain('a', { status: 'active' });
    expect(applyDomain(list, active)).toEqual([active, list[1]]);
    expect(applyDomain(list, domain('c')).map((d) => d.id)).toEqual(['a', 'b', 'c']);
    expect(applyDomain(undefined, domain('c')).map((d) => d.id)).toEqual(['c']);
    expect(withoutDomain(list, 'a').map((d) => d.id)).toEqual(['b']);
  });
});

describe('loading', () => {
  it("keeps a deployment's domains and a node's proxy, each under its id", async () => {
    const { bridge, calls } = fakeBridge({
      'domains:list': () => [domain('a')],
      'domains:proxy': () => proxy,
    });
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadDomains('d1');
    await store.getState().loadNodeProxy('n1');
    expect(calls.map((c) => c.input)).toEqual([{ deploymentId: 'd1' }, { nodeId: 'n1' }]);
    expect(store.getState().domains).toEqual({ d1: [domain('a')] });
    expect(store.getState().nodeProxies).toEqual({ n1: proxy });
  });

  it('keeps the code of a failed load as an ErrorView, per deployment and per node', async () => {
    const away = { code: 'host_unreachable', message: 'node 1 cannot be reached.' } as const;
    const { bridge } = fakeBridge({}, { 'domains:list': away, 'domains:proxy': away });
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadDomains('d1');
    await store.getState().loadNodeProxy('n1');
    expect(store.getState().domainsErrors).toEqual({ d1: away });
    expect(store.getState().nodeProxyErrors).toEqual({ n1: away });
    expect(store.getState().domains).toEqual({});
  });
});

describe('addDomain', () => {
  it('puts the new domain in the list and follows its job until it ends, then reads the list back', async () => {
    const listed = [domain('a')];
    const fake = fakeBridge({
      'domains:list': () => [...listed],
      'domains:add': () => {
        listed.push(domain('dom-new'));
        return { domain: domain('dom-new'), jobId: 'j1' };
      },
      'jobs:get': () => job('2026-01-01T00:00:01.000Z', 'Setting up the proxy'),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    const unwatch = store.getState().watchDomains();
    await store.getState().loadDomains('d1');
    await store.getState().addDomain({ deploymentId: 'd1', kind: 'automatic' });
    expect(fake.calls.find((c) => c.method === 'domains:add')?.input).toEqual({
      deploymentId: 'd1',
      kind: 'automatic',
    });
    expect(store.getState().domains.d1?.map((d) => d.id)).toEqual(['a', 'dom-new']);

    fake.emit('jobs:changed', job('2026-01-01T00:00:02.000Z', 'Setting up the route'));
    listed[1] = domain('dom-new', { status: 'active' });
    fake.emit('jobs:changed', job('2026-01-01T00:00:03.000Z', 'Getting a certificate', 'succeeded'));
    const feed = store.getState().domainJobs.d1;
    expect(feed?.job.status).toBe('succeeded');
    expect(feed?.entries.map((e) => e.step)).toEqual([
      'Setting up the proxy',
      'Setting up the route',
      'Getting a certificate',
    ]);
    await vi.waitFor(() => expect(store.getState().domains.d1?.[1]?.status).toBe('active'));
    unwatch();
  });

  it("rejects with the core's error, field included, and leaves the list as it was", async () => {
    const taken = {
      code: 'conflict',
      message: 'wiki.example.com is routed already.',
      field: 'hostname',
    } as const;
    const { bridge } = fakeBridge({ 'domains:list': () => [domain('a')] }, { 'domains:add': taken });
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadDomains('d1');
    const before = store.getState().domains.d1;
    await expect(
      store.getState().addDomain({ deploymentId: 'd1', kind: 'custom', hostname: 'wiki.example.com' }),
    ).rejects.toMatchObject(taken);
    expect(store.getState().domains.d1).toBe(before);
  });
});

describe('watchDomains', () => {
  it('applies changed, removed and proxy-changed events to what is loaded', async () => {
    const fake = fakeBridge({ 'domains:list': () => [domain('a'), domain('b')] });
    const store = createAppStore(createApiClient(fake.bridge));
    const unwatch = store.getState().watchDomains();
    await store.getState().loadDomains('d1');
    const certificate = {
      issuer: 'Pebble',
      subject: 'a',
      notAfter: '2026-04-01T00:00:00.000Z',
      checkedAt: 'x',
    };
    fake.emit('domains:changed', domain('a', { status: 'active', certificate }));
    fake.emit('domains:removed', { id: 'b', deploymentId: 'd1' });
    fake.emit('domains:changed', domain('z', { deploymentId: 'not-loaded' }));
    fake.emit('domains:proxy-changed', proxy);
    expect(store.getState().domains).toEqual({ d1: [domain('a', { status: 'active', certificate })] });
    expect(store.getState().nodeProxies.n1).toEqual(proxy);
    unwatch();
  });

  it('subscribes once however many views watch, and lets go when the last one stops', () => {
    const fake = fakeBridge({});
    const store = createAppStore(createApiClient(fake.bridge));
    const first = store.getState().watchDomains();
    const second = store.getState().watchDomains();
    const subscribed = fake.listening();
    expect(subscribed).toBeGreaterThan(0);
    first();
    first();
    expect(fake.listening()).toBe(subscribed);
    second();
    expect(fake.listening()).toBe(0);
  });
});

describe('removeDomain and checkDns', () => {
  it('removes the domain from its list once the core has, and passes the DNS check through', async () => {
    const check = {
      hostname: 'wiki.example.com',
      expected: ['203.0.113.7'],
      answers: [{ resolver: '1.1.1.1', addresses: [], error: 'NXDOMAIN' }],
      isOk: false,
      advice: 'Create an A record for wiki.example.com pointing at 203.0.113.7.',
    };
    const fake = fakeBridge({
      'domains:list': () => [domain('a'), domain('b')],
      'domains:remove': (input) => input,
      'domains:check-dns': () => check,
    });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().loadDomains('d1');
    await store.getState().removeDomain('a');
    expect(store.getState().domains.d1?.map((d) => d.id)).toEqual(['b']);
    expect(await store.getState().checkDns({ hostname: 'wiki.example.com', nodeId: 'n1' })).toEqual(check);
  });
});

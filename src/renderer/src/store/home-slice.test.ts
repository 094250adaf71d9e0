import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { Job } from '@shared/contract/jobs';
import { HOME_JOB_LIMIT, upsertJob } from './home-slice';
import { createAppStore } from './index';
import { fakeBridge } from './test-support';

const job = (id: string, createdAt: string, status: Job['status'] = 'running'): Job => ({
  id,
  kind: 'deployment:create',
  target: 'd1',
  status,
  progress: null,
  error: null,
  createdAt,
  updatedAt: createdAt,
});

const answers = {
  'nodes:list': () => [{ id: 'n1', status: 'online' }],
  'deployments:list': () => [],
  'alerts:list': () => [],
  'backups:overview': () => [],
  'billing:summary': () => ({ customers: [] }),
  'billing:margins': () => ({ currency: 'USD', months: [], excludedCurrencies: [], nodes: [] }),
  'jobs:list': () => [job('j1', '2026-01-01T00:00:00Z', 'succeeded')],
  'keys:list': () => [],
  'customers:list': () => [],
  'stripe:status': () => ({ isConfigured: false, last4: null, mode: null, isRestricted: null }),
};

describe('the home slice', () => {
  it('loads every card, asking for one month of margins and a short job list', async () => {
    const { bridge, calls } = fakeBridge(answers);
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadHome();
    const { home } = store.getState();
    expect(home.nodes).toEqual({ data: [{ id: 'n1', status: 'online' }], error: null });
    expect(home.jobs.data?.map((j) => j.id)).toEqual(['j1']);
    expect(Object.values(home).every((card) => card.data !== null && card.error === null)).toBe(true);
    expect(calls.find((c) => c.method === 'billing:margins')?.input).toEqual({ months: 1 });
    expect(calls.find((c) => c.method === 'jobs:list')?.input).toEqual({ limit: HOME_JOB_LIMIT });
  });

  it('keeps a failed call in its own card and fills the others', async () => {
    const away = { code: 'unavailable', message: 'The billing database is locked.' } as const;
    const { bridge } = fakeBridge(answers, { 'billing:summary': away });
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadHome();
    const { home } = store.getState();
    expect(home.revenue).toEqual({ data: null, error: away });
    expect(home.nodes.error).toBeNull();
    expect(home.costs.data?.currency).toBe('USD');
  });

  it('follows pushed events while watched and stops when unwatched', async () => {
    const fake = fakeBridge(answers);
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().loadHome();
    const stop = store.getState().watchHome();
    fake.emit('jobs:changed', job('j2', '2026-01-02T00:00:00Z'));
    expect(store.getState().home.jobs.data?.map((j) => j.id)).toEqual(['j2', 'j1']);
    fake.emit('keys:changed', [{ id: 'k1' }]);
    expect(store.getState().home.keys.data).toEqual([{ id: 'k1' }]);
    const before = fake.calls.filter((c) => c.method === 'nodes:list').length;
    fake.emit('nodes:changed', { id: 'n1', node: null });
    await vi.waitFor(() =>
      expect(fake.calls.filter((c) => c.method === 'nodes:list').length).toBe(before + 1),
    );
    stop();
    expect(fake.listening()).toBe(0);
  });
});

describe('upsertJob', () => {
  it('replaces a known job in place, puts a new one first, and keeps the limit', () => {
    const jobs = [job('b', '2026-01-02T00:00:00Z'), job('a', '2026-01-01T00:00:00Z')];
    const done = job('a', '2026-01-01T00:00:00Z', 'failed');
    expect(upsertJob(jobs, done)).toEqual([jobs[0], done]);
    const many = Array.from({ length: HOME_JOB_LIMIT }, (_, i) => job(`j${i}`, `2026-01-0${i + 1}`));
    const newest = upsertJob(many, job('new', '2026-02-01'));
    expect(newest).toHaveLength(HOME_JOB_LIMIT);
    expect(newest[0]?.id).toBe('new');
  });
});

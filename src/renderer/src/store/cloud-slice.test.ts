import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@shared/api-client';
import { doAccount, doCatalog, doStatus, job, server } from '../features/cloud/test-fixtures';
import { createAppStore } from './index';
import { fakeBridge } from './test-support';

const refused = {
  code: 'unauthorized',
  message:
    'DigitalOcean refused the token: Unable to authenticate you. Paste a token with read and write scope.',
} as const;

describe('cloud tokens', () => {
  it('shows the account once a token is saved, and drops the catalog when the token is removed', async () => {
    const saved = doStatus({ hasToken: true, account: doAccount });
    const fake = fakeBridge({
      'cloud:providers': () => [doStatus(), doStatus({ provider: 'hetzner', name: 'Hetzner Cloud' })],
      'cloud:set-token': () => saved,
      'cloud:catalog': () => doCatalog,
      'cloud:remove-token': () => doStatus(),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().loadCloudProviders();
    await store.getState().saveCloudToken('digitalocean', 'dop_v1_secret');
    expect(fake.calls.find((c) => c.method === 'cloud:set-token')?.input).toEqual({
      provider: 'digitalocean',
      token: 'dop_v1_secret',
    });
    expect(store.getState().cloudProviders?.map((p) => p.hasToken)).toEqual([true, false]);
    await store.getState().loadCloudCatalog('digitalocean');
    await store.getState().loadCloudCatalog('digitalocean');
    expect(fake.calls.filter((c) => c.method === 'cloud:catalog')).toHaveLength(1);
    await store.getState().removeCloudToken('digitalocean');
    expect(store.getState().cloudProviders?.[0]).toEqual(doStatus());
    expect(store.getState().cloudCatalogs).toEqual({});
  });

  it('throws the provider’s refusal and keeps the providers as they were', async () => {
    const fake = fakeBridge({ 'cloud:providers': () => [doStatus()] }, { 'cloud:set-token': refused });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().loadCloudProviders();
    await expect(store.getState().saveCloudToken('digitalocean', 'wrong')).rejects.toThrow(refused.message);
    expect(store.getState().cloudProviders).toEqual([doStatus()]);
  });
});

describe('cloud servers', () => {
  it('starts a create with the input given and keeps the server and its job', async () => {
    const fake = fakeBridge({
      'cloud:create': () => ({ server: server({ step: 'requested' }), job: job() }),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    const input = {
      provider: 'digitalocean' as const,
      name: 'hoster-fra1-1',
      region: 'fra1',
      size: 's-1vcpu-1gb',
      image: 'debian-12-x64',
      keyId: 'k1',
    };
    const created = await store.getState().createCloudServer(input);
    expect(fake.calls.find((c) => c.method === 'cloud:create')?.input).toEqual(input);
    expect(created.id).toBe('c1');
    expect(store.getState().cloudServers?.[0]?.step).toBe('requested');
    expect(store.getState().cloudJobs.j1?.progress?.detail).toBe('Booting: 40 s so far');
  });

  it('follows steps from cloud:changed and the job from jobs:changed, and stops when unwatched', async () => {
    const fake = fakeBridge({ 'cloud:servers': () => [server()], 'jobs:get': () => job() });
    const store = createAppStore(createApiClient(fake.bridge));
    const stop = store.getState().watchCloud();
    await store.getState().loadCloudServers();
    await vi.waitFor(() => expect(store.getState().cloudJobs.j1).toBeDefined());
    fake.emit('cloud:changed', server({ step: 'ssh', updatedAt: '2026-01-01T00:01:00.000Z' }));
    fake.emit(
      'jobs:changed',
      job({
        progress: { step: 'Docker', detail: 'Installing docker.io' },
        updatedAt: '2026-01-01T00:01:00.000Z',
      }),
    );
    fake.emit('jobs:changed', job({ id: 'other', kind: 'deployment:deploy' }));
    expect(store.getState().cloudServers?.[0]?.step).toBe('ssh');
    expect(store.getState().cloudJobs.j1?.progress?.detail).toBe('Installing docker.io');
    expect(store.getState().cloudJobs.other).toBeUndefined();
    fake.emit('jobs:changed', job({ progress: { step: 'stale' }, updatedAt: '2026-01-01T00:00:00.500Z' }));
    expect(store.getState().cloudJobs.j1?.progress?.step).toBe('Docker');
    stop();
    expect(fake.listening()).toBe(0);
  });
});

describe('cancel and retire', () => {
  it('cancels through jobs:cancel and keeps the cancelled job', async () => {
    const fake = fakeBridge({
      'jobs:cancel': () => job({ status: 'cancelled', updatedAt: '2026-01-01T00:02:00.000Z' }),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().cancelCloudJob('j1');
    expect(fake.calls.find((c) => c.method === 'jobs:cancel')?.input).toEqual({ id: 'j1' });
    expect(store.getState().cloudJobs.j1?.status).toBe('cancelled');
  });

  it('throws the core’s refusal to retire, and marks a retire started as retiring', async () => {
    const busy = {
      code: 'conflict',
      message: 'wiki runs on hoster-fra1-1: delete or move it first.',
    } as const;
    const refusing = createAppStore(createApiClient(fakeBridge({}, { 'cloud:retire': busy }).bridge));
    await expect(refusing.getState().retireCloudServer('n1')).rejects.toThrow(busy.message);
    const retiring = server({ status: 'retiring', nodeId: 'n1', jobId: 'j2', step: 'added' });
    const fake = fakeBridge({
      'cloud:retire': () => ({ server: retiring, job: job({ id: 'j2', kind: 'cloud:retire' }) }),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().retireCloudServer('n1');
    expect(fake.calls.find((c) => c.method === 'cloud:retire')?.input).toEqual({ nodeId: 'n1' });
    expect(store.getState().cloudServers).toEqual([retiring]);
  });
});

describe('cloud orphans', () => {
  it('lists what the providers hold and forgets one once deleted there', async () => {
    const orphan = {
      provider: 'hetzner' as const,
      providerServerId: '77',
      name: 'hoster-fsn1-2',
      ipv4: '127.0.0.7',
      createdAt: null,
    };
    const fake = fakeBridge({
      'cloud:orphans': () => [orphan],
      'cloud:delete-orphan': () => ({ deleted: true }),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    expect(store.getState().cloudOrphans).toBeNull();
    await store.getState().findCloudOrphans();
    expect(store.getState().cloudOrphans).toEqual([orphan]);
    await store.getState().deleteCloudOrphan(orphan);
    expect(fake.calls.find((c) => c.method === 'cloud:delete-orphan')?.input).toEqual({
      provider: 'hetzner',
      providerServerId: '77',
    });
    expect(store.getState().cloudOrphans).toEqual([]);
  });
});

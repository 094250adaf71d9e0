import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@shared/api-client';
import type { BackupOverviewRow, BackupPolicy, BackupRepository, BackupRun } from '@shared/contract/backups';
import type { Job } from '@shared/contract/jobs';
import { applyRun, applyRunToHistory, applyRunToOverview, patchRow } from './backup-updates';
import { createAppStore } from './index';
import { fakeBridge } from './test-support';

const run = (id: string, startedAt: string, patch: Partial<BackupRun> = {}): BackupRun => ({
  id,
  deploymentId: 'd1',
  deploymentName: 'wiki',
  nodeId: 'n1',
  templateVersion: '1.0.0',
  trigger: 'manual',
  status: 'succeeded',
  copyMode: 'stopped',
  items: [],
  bytes: 1000,
  addedBytes: 100,
  durationMs: 4000,
  error: null,
  jobId: null,
  startedAt,
  finishedAt: startedAt,
  ...patch,
});

const policy: BackupPolicy = {
  deploymentId: 'd1',
  schedule: 'daily',
  cron: '',
  copyMode: 'stopped',
  retention: { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
  nextRunAt: '2026-01-02T03:00:00.000Z',
};

const row = (patch: Partial<BackupOverviewRow> = {}): BackupOverviewRow => ({
  deploymentId: 'd1',
  deploymentName: 'wiki',
  nodeId: 'n1',
  policy,
  lastRun: null,
  lastSuccessAt: null,
  isStale: true,
  ...patch,
});

const repository: BackupRepository = {
  location: '/data/backups',
  isDefaultLocation: true,
  isReady: true,
  problem: null,
  restic: { path: '/usr/bin/restic', version: '0.16.4' },
  lastCheck: null,
  sizeBytes: 2048,
};

const job = (id: string, updatedAt: string, patch: Partial<Job> = {}): Job => ({
  id,
  kind: 'deployment:backup',
  target: 'd1',
  status: 'running',
  progress: { step: 'Copying web/data', fraction: 0.5, detail: '120 MiB · 40 MiB/s' },
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
  ...patch,
});

describe('applying a run', () => {
  it('keeps a history newest first, replacing a known run in place', () => {
    const list = [run('b', '2026-01-02T00:00:00Z'), run('a', '2026-01-01T00:00:00Z')];
    expect(applyRun(list, run('c', '2026-01-03T00:00:00Z')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    const failed = run('a', '2026-01-01T00:00:00Z', { status: 'failed' });
    expect(applyRun(list, failed)).toEqual([list[0], failed]);
    const histories = { d1: list };
    expect(applyRunToHistory(histories, run('z', 'x', { deploymentId: 'other' }))).toBe(histories);
  });

  it('makes a success the last one of its overview row and ignores a run older than the last', () => {
    const last = run('b', '2026-01-02T00:00:00Z', { status: 'failed' });
    const rows = [row({ lastRun: last }), row({ deploymentId: 'd2' })];
    expect(applyRunToOverview(rows, run('a', '2026-01-01T00:00:00Z'))).toEqual(rows);
    const good = run('c', '2026-01-03T00:00:00Z', { finishedAt: '2026-01-03T00:01:00Z' });
    expect(applyRunToOverview(rows, good)[0]).toEqual(
      row({ lastRun: good, lastSuccessAt: '2026-01-03T00:01:00Z', isStale: false }),
    );
    expect(patchRow(rows, 'd2', { isStale: false })?.[1]?.isStale).toBe(false);
    expect(patchRow(null, 'd2', { isStale: false })).toBeNull();
  });
});

describe('loading', () => {
  it('keeps the repository, the overview, and a history and policy per deployment', async () => {
    const { bridge, calls } = fakeBridge({
      'backups:repository': () => repository,
      'backups:overview': () => [row()],
      'backups:list': () => [run('a', '2026-01-01T00:00:00Z')],
      'backups:policy': () => policy,
    });
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadBackupRepository();
    await store.getState().loadBackupOverview();
    await store.getState().loadBackups('d1');
    await store.getState().loadBackupPolicy('d1');
    expect(calls.find((c) => c.method === 'backups:list')?.input).toEqual({ deploymentId: 'd1' });
    const state = store.getState();
    expect(state.backupRepository).toEqual(repository);
    expect(state.backupOverview).toEqual([row()]);
    expect(state.backupRuns).toEqual({ d1: [run('a', '2026-01-01T00:00:00Z')] });
    expect(state.backupPolicies).toEqual({ d1: policy });
  });

  it('keeps a failed load as an ErrorView where it belongs', async () => {
    const away = { code: 'unavailable', message: 'restic is not installed.' } as const;
    const { bridge } = fakeBridge(
      {},
      { 'backups:list': away, 'backups:policy': away, 'backups:repository': away },
    );
    const store = createAppStore(createApiClient(bridge));
    await store.getState().loadBackups('d1');
    await store.getState().loadBackupPolicy('d1');
    await store.getState().loadBackupRepository();
    expect(store.getState().backupRunsErrors).toEqual({ d1: away });
    expect(store.getState().backupPolicyErrors).toEqual({ d1: away });
    expect(store.getState().backupRepositoryError).toEqual(away);
    expect(store.getState().backupRuns).toEqual({});
  });

  it('follows the job of a backup that was already running when the history loaded', async () => {
    const fake = fakeBridge({
      'backups:list': () => [
        run('a', '2026-01-01T00:00:00Z', { status: 'running', jobId: 'j9', trigger: 'schedule' }),
      ],
      'jobs:get': () => job('j9', '2026-01-01T00:00:01Z'),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().loadBackups('d1');
    await vi.waitFor(() => expect(store.getState().backupJobs.d1?.job.id).toBe('j9'));
    expect(store.getState().backupJobs.d1?.operation).toBe('backup');
  });
});

describe('runBackup', () => {
  it('follows the job from its first state to its end, then reads the history back', async () => {
    const listed = [run('a', '2026-01-01T00:00:00Z')];
    const fake = fakeBridge({
      'backups:list': () => [...listed],
      'backups:run': () => ({ jobId: 'j1', runId: 'r1' }),
      'jobs:get': () => job('j1', '2026-01-02T00:00:01Z', { progress: { step: 'Connecting to the node' } }),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    const unwatch = store.getState().watchBackups();
    await store.getState().loadBackups('d1');
    await store.getState().runBackup('d1');
    expect(store.getState().backupJobs.d1?.entries.map((e) => e.step)).toEqual(['Connecting to the node']);

    fake.emit('jobs:changed', job('j1', '2026-01-02T00:00:02Z'));
    expect(store.getState().backupJobs.d1?.entries.at(-1)).toMatchObject({
      fraction: 0.5,
      detail: '120 MiB · 40 MiB/s',
    });
    listed.unshift(run('r1', '2026-01-02T00:00:00Z'));
    fake.emit('jobs:changed', job('j1', '2026-01-02T00:00:03Z', { status: 'succeeded' }));
    expect(store.getState().backupJobs.d1?.job.status).toBe('succeeded');
    await vi.waitFor(() => expect(store.getState().backupRuns.d1?.map((r) => r.id)).toEqual(['r1', 'a']));
    unwatch();
  });

  it('keeps restore and move jobs apart by operation, and passes a new name only when given', async () => {
    const fake = fakeBridge({
      'backups:restore': () => ({ jobId: 'j2' }),
      'backups:move': () => ({ jobId: 'j3', deploymentId: 'd9' }),
      'jobs:get': (input) => job((input as { id: string }).id, '2026-01-02T00:00:01Z'),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    await store.getState().restoreBackup(run('a', '2026-01-01T00:00:00Z'));
    expect(store.getState().backupJobs.d1?.operation).toBe('restore');
    expect(await store.getState().moveBackup(run('a', 'x'), { nodeId: 'n2' })).toEqual({
      jobId: 'j3',
      deploymentId: 'd9',
    });
    await store.getState().moveBackup(run('a', 'x'), { nodeId: 'n2', name: 'wiki-2' });
    expect(fake.calls.filter((c) => c.method === 'backups:move').map((c) => c.input)).toEqual([
      { runId: 'a', nodeId: 'n2' },
      { runId: 'a', nodeId: 'n2', name: 'wiki-2' },
    ]);
    expect(store.getState().backupJobs.d1).toMatchObject({ operation: 'move', job: { id: 'j3' } });
  });
});

describe('watchBackups', () => {
  it('applies run, policy, repository and health events to what is loaded', async () => {
    const fake = fakeBridge({ 'backups:list': () => [], 'backups:overview': () => [row()] });
    const store = createAppStore(createApiClient(fake.bridge));
    const unwatch = store.getState().watchBackups();
    await store.getState().loadBackups('d1');
    await store.getState().loadBackupOverview();
    const scheduled = run('s1', '2026-01-02T00:00:00Z', {
      status: 'running',
      jobId: 'j5',
      trigger: 'schedule',
    });
    fake.emit('backups:run-changed', scheduled);
    fake.emit('backups:run-changed', run('z', 'x', { deploymentId: 'not-loaded' }));
    fake.emit('jobs:changed', job('j5', '2026-01-02T00:00:01Z'));
    fake.emit('backups:policy-changed', { ...policy, schedule: 'weekly' });
    fake.emit('backups:repository-changed', repository);
    fake.emit('backups:health', { deploymentId: 'd1', nodeId: 'n1', state: 'ok', title: 't', message: 'm' });
    const state = store.getState();
    expect(state.backupRuns).toEqual({ d1: [scheduled] });
    expect(state.backupJobs.d1?.job.id).toBe('j5');
    expect(state.backupOverview?.[0]).toMatchObject({ lastRun: scheduled, isStale: false });
    expect(state.backupOverview?.[0]?.policy.schedule).toBe('weekly');
    expect(state.backupPolicies.d1?.schedule).toBe('weekly');
    expect(state.backupRepository).toEqual(repository);
    unwatch();
    expect(fake.listening()).toBe(0);
  });

  it('follows a repository check and reads the repository back when it ends', async () => {
    const checked = { ...repository, lastCheck: { at: 'x', isOk: true, message: 'no errors were found' } };
    const fake = fakeBridge({
      'backups:check': () => ({ jobId: 'c1' }),
      'backups:repository': () => checked,
      'jobs:get': () => job('c1', '2026-01-02T00:00:01Z', { kind: 'backups:check', target: null }),
    });
    const store = createAppStore(createApiClient(fake.bridge));
    const unwatch = store.getState().watchBackups();
    await store.getState().checkBackupRepository();
    expect(store.getState().backupCheckJob?.job.id).toBe('c1');
    fake.emit('jobs:changed', job('c1', '2026-01-02T00:00:02Z', { status: 'succeeded', target: null }));
    await vi.waitFor(() => expect(store.getState().backupRepository).toEqual(checked));
    unwatch();
  });
});

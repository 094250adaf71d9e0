import { afterEach, describe, expect, it } from 'vitest';
import { templateManifestSchema } from '@shared/contract/template-model';
import { manifestFor } from '../templates/test-support';
import type { RevisionContent } from './deployment-types';
import { closeRepositories, freshRepository, newDeployment } from './test-support';

afterEach(closeRepositories);

const content: RevisionContent = {
  templateVersion: '1.0.0',
  template: { manifest: templateManifestSchema.parse(manifestFor()), compose: 'services: {}\n' },
  variables: { GREETING: 'hello' },
  secretNames: ['DB_PASSWORD'],
  acceptedFindings: ['b', 'a'],
  settings: {
    services: {
      web: { environment: { EXTRA: 'on' }, replaces: [], cpuCores: 0.5, memoryMb: 64, replicas: 2 },
    },
  },
};

describe('deployment repository: deployments', () => {
  it('returns deployments as domain objects and writes changes to their columns', () => {
    const { db, repository } = freshRepository();
    const created = repository.create(newDeployment('d1'), 'deploy requested');
    expect(created).toMatchObject({ nodeId: 'n1', status: 'pending', currentRevision: null, error: null });
    repository.update('d1', { customerId: 'cus_1', priceOverrideCents: 900 }, '2026-01-02T00:00:00.000Z');
    const row = db.prepare('SELECT customer_id, price_override_cents, updated_at FROM deployments').get();
    expect(row).toEqual({
      customer_id: 'cus_1',
      price_override_cents: 900,
      updated_at: '2026-01-02T00:00:00.000Z',
    });
    expect(repository.get('d1')).toMatchObject({ customerId: 'cus_1', priceOverrideCents: 900 });
  });

  it('moves a deployment only from the status the caller saw, and keeps the history', () => {
    const { repository } = freshRepository();
    repository.create(newDeployment('d1'), 'deploy requested');
    const at = '2026-01-01T00:00:01.000Z';
    const moved = repository.transition('d1', {
      from: 'pending',
      to: 'scheduled',
      cause: 'ports',
      at,
      error: null,
    });
    expect(moved?.status).toBe('scheduled');
    expect(
      repository.transition('d1', { from: 'pending', to: 'failed', cause: 'x', at, error: 'e' }),
    ).toBeUndefined();
    expect(repository.transitions('d1')).toEqual([
      { from: 'pending', to: 'scheduled', cause: 'ports', at },
      { from: null, to: 'pending', cause: 'deploy requested', at: '2026-01-01T00:00:00.000Z' },
    ]);
  });
});

describe('deployment repository: revisions and host ports', () => {
  it('stores revisions with their JSON columns and reads them back parsed, numbered in order', () => {
    const { db, repository } = freshRepository();
    const deployment = repository.create(newDeployment('d1'), 'deploy requested');
    const first = repository.addRevision('d1', content, '2026-01-01T00:00:00.000Z');
    const second = repository.addRevision('d1', { ...content, variables: {} }, '2026-01-02T00:00:00.000Z');
    expect([first.revision, second.revision]).toEqual([1, 2]);
    const stored = db
      .prepare(
        'SELECT variables, secret_names, accepted_findings, settings FROM deployment_revisions WHERE revision = 1',
      )
      .get();
    expect(stored).toEqual({
      variables: '{"GREETING":"hello"}',
      secret_names: '["DB_PASSWORD"]',
      accepted_findings: '["a","b"]',
      settings: JSON.stringify(content.settings),
    });
    repository.setRevisionStatus('d1', 1, 'active', { 'busybox:1': 'sha256:x' });
    expect(repository.revision('d1', 1)).toEqual({
      ...content,
      acceptedFindings: ['a', 'b'],
      deploymentId: 'd1',
      revision: 1,
      imageDigests: { 'busybox:1': 'sha256:x' },
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(repository.activeRevision(deployment)).toBeUndefined();
    expect(repository.currentRevision(deployment)?.revision).toBe(2);
    repository.update('d1', { currentRevision: 1 }, '2026-01-03T00:00:00.000Z');
    const running = repository.get('d1');
    expect(running && repository.currentRevision(running)?.revision).toBe(1);
  });

  it('keeps host port allocations per deployment and per node', () => {
    const { repository } = freshRepository();
    const deployment = repository.create(newDeployment('d1'), 'deploy requested');
    repository.create(newDeployment('d2', { nodeId: 'n2' }), 'deploy requested');
    const grant = { service: 'web', containerPort: 80, protocol: 'tcp' as const };
    repository.replaceAllocations(deployment, [
      { ...grant, hostPort: 20001 },
      { ...grant, containerPort: 443, hostPort: 20000 },
    ]);
    repository.replaceAllocations({ id: 'd2', nodeId: 'n2' }, [{ ...grant, hostPort: 20000 }]);
    expect(repository.allocationsOf('d1').map((a) => a.hostPort)).toEqual([20000, 20001]);
    expect(repository.allocationsOnNode('n1')).toContainEqual({
      ...grant,
      hostPort: 20001,
      nodeId: 'n1',
      deploymentId: 'd1',
    });
    repository.releaseAllocations('d1');
    expect(repository.allocationsOnNode('n1')).toEqual([]);
    expect(repository.allocationsOnNode('n2')).toHaveLength(1);
  });
});

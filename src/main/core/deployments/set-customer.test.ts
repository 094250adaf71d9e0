import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '@shared/contract';
import { PERSONAL_CUSTOMER_ID } from '@shared/contract/billing';
import { manualClock, transition } from '../../../../tests/helpers/deployment-transitions';
import { createMemorySecretStore } from '../../../../tests/helpers/memory-secret-store';
import { createTestCore, type TestCore } from '../../../../tests/helpers/test-core';
import { DATABASE_FILE_NAME } from '../db/data-folder';
import { openDatabase } from '../db/database';
import { migrations } from '../db/migrations';
import { createDeploymentRepository } from './deployment-repository';
import { newDeployment } from './test-support';

let t: TestCore;
afterEach(async () => t.close());

/** A running deployment `web` in the core's own database, and the events the core pushes from now on. */
function setUp() {
  const clock = manualClock('2026-03-10T12:00:00.000Z');
  t = createTestCore({ secrets: createMemorySecretStore(), clock });
  const { db } = openDatabase(join(t.dataDir, DATABASE_FILE_NAME), migrations);
  const repository = createDeploymentRepository(db);
  repository.create(newDeployment('web'), 'deploy requested');
  const at = '2026-03-01T00:00:00.000Z';
  repository.transition('web', { from: 'pending', to: 'running', cause: 'test', at, error: null });
  db.close();
  t.core.events.emit(
    'deployments:transitioned',
    transition('web', 'starting', 'running', at, { priceMonthlyCents: 300 }),
  );
  const pushed: EventName[] = [];
  t.core.events.onAny((event) => pushed.push(event));
  return { clock, pushed };
}

describe('deployments:set-customer', () => {
  it('announces deployments:changed, not a transition, and billing splits the interval there', async () => {
    const { clock, pushed } = setUp();
    const acme = await t.call('customers:create', { name: 'Acme', email: 'ap@acme.test' });
    clock.set('2026-03-05T00:00:00.000Z');
    const summary = await t.call('deployments:set-customer', {
      id: 'web',
      customerId: acme.id,
      priceOverrideCents: 900,
    });
    expect(summary).toMatchObject({ status: 'running', customerId: acme.id, priceMonthlyCents: 900 });
    expect(pushed.filter((event) => event.startsWith('deployments:'))).toEqual(['deployments:changed']);
    const intervals = await t.call('billing:usage', { deploymentId: 'web' });
    expect(intervals.map((i) => [i.customerId, i.priceMonthlyCents, i.startedAt, i.endedAt])).toEqual([
      [acme.id, 900, '2026-03-05T00:00:00.000Z', null],
      [PERSONAL_CUSTOMER_ID, 300, '2026-03-01T00:00:00.000Z', '2026-03-05T00:00:00.000Z'],
    ]);
  });
});

/**
 * Billing meters real deployments: deployed over SSH onto rig node 1 for a customer, running across a
 * month boundary, then stopped. The app's clock runs at a chosen date (time still flows) so the
 * deployment's transitions, and so its usage, fall on both sides of midnight UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBounds, prorateCents } from '../../src/main/core/billing/metering/proration';
import { busyboxTemplate } from '../helpers/busybox-template';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const HOUR = 3_600_000;

/** Real time shifted to a chosen instant; `jumpTo` moves it forward, time keeps flowing after. */
function shiftedClock(startIso: string) {
  let offset = Date.parse(startIso) - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    jumpTo(iso: string) {
      offset = Date.parse(iso) - Date.now();
    },
  };
}

const clock = shiftedClock('2026-01-31T12:00:00.000Z');
let t: TestCore;
let deploymentId = '';

beforeAll(async () => {
  t = createTestCore({ clock });
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  const node = await addRigNode(t, rig);
  const template = await t.call(
    'templates:create',
    busyboxTemplate(rig.images.local, { slug: 'billing-pair' }),
  );
  await t.call('templates:publish', { id: template.summary.id, version: '1.0.0' });
  const customer = await t.call('customers:create', { name: 'Acme', email: 'ap@acme.test' });
  const started = await t.call('deployments:create', {
    templateId: template.summary.id,
    version: '1.0.0',
    name: 'acme-site',
    nodeId: node.id,
    variables: { GREETING: 'billed' },
    customerId: customer.id,
    priceOverrideCents: 3100,
  });
  deploymentId = started.deploymentId;
  await t.core.jobs.settled();
});

afterAll(async () => {
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
});

describe('billing meters real deployments', () => {
  it('bills the running time on each side of a month boundary to the customer, once', async () => {
    expect((await t.call('deployments:get', { id: deploymentId })).status).toBe('running');
    const [acme] = (await t.call('customers:list', {})).filter((c) => !c.isPersonal);
    expect(acme!.assignedDeployments).toBe(1);
    expect((await t.fail('customers:delete', { id: acme!.id })).code).toBe('conflict');

    clock.jumpTo('2026-02-01T12:00:00.000Z');
    await t.call('deployments:stop', { id: deploymentId });
    await t.core.jobs.settled();
    clock.jumpTo('2026-03-02T00:00:00.000Z');

    expect(await t.call('invoices:generate', {})).toEqual({ created: 2, updated: 0 });
    expect(await t.call('invoices:generate', {})).toEqual({ created: 0, updated: 0 });
    for (const period of ['2026-01', '2026-02']) {
      const [line] = (await t.call('billing:summary', { period })).deployments;
      expect(line).toMatchObject({
        deploymentId,
        customerName: 'Acme',
        priceMonthlyCents: 3100,
        isRunning: false,
      });
      // About 12 hours each side: from the deploy to midnight, and from midnight to the stop.
      expect(Math.abs(line!.runningMs - 12 * HOUR)).toBeLessThan(2 * 60_000);
      const month = monthBounds(period);
      const [invoice] = await t
        .call('invoices:list', { customerId: acme!.id })
        .then((all) => all.filter((i) => i.period === period));
      expect(invoice!.totalCents).toBe(prorateCents(3100, line!.runningMs, month.endMs - month.startMs));
    }
    const usage = await t.call('billing:usage', { deploymentId });
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ endStatus: 'stopping' });
  });
});

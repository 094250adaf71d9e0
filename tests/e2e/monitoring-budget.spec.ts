/**
 * The fleet-wide budget for monitoring data in Settings: what logs, stats and events take against
 * it, the deployments with the most logs, and the budget changed from the page (a value out of
 * range refused with a message that says what to type).
 */
import { addRigNode } from '../helpers/rig-node';
import { scriptTemplate } from '../helpers/script-template';
import type { Settings } from '../../src/shared/contract/settings';
import type { MethodOutput } from '../../src/shared/contract';
import { loadRig } from '../rig/rig';
import { apiOf, call, deleteDeployment, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const WRITER =
  'i=0; while [ $$i -lt 300 ]; do i=$$((i+1)); echo "order $$i shipped to warehouse"; done; exec sleep 3600';

test('Settings shows monitoring data against its budget, and the budget can be changed', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const added = await addRigNode(apiOf(app), rig, 0, 'budget node');
  const template = scriptTemplate(rig.images.local, 'mon-budget-e2e', { writer: { script: WRITER } });
  const { deploymentId } = await deployRunning(app, { template, name: 'orders', nodeId: added.id });
  try {
    await expect
      .poll(
        async () =>
          (await call<MethodOutput<'monitoring:logs'>>(app, 'monitoring:logs', { deploymentId, limit: 1 }))
            .total,
        {
          timeout: 60_000,
        },
      )
      .toBe(300);

    await page.goto(`${app.url}#/settings`);
    const budget = page.getByTestId('monitoring-budget');
    await expect(budget).toContainText('of the 2.0 GiB budget: logs');
    await expect(budget).toContainText(/stats [\d.]+ (KiB|MiB), events [\d.]+ (B|KiB|MiB)\./);
    await expect(page.getByTestId('monitoring-largest-logs')).toContainText(/Most logs: orders [\d.]+ KiB/);
    await expect(page.getByTestId('limit-dataBudgetMegabytes')).toHaveValue('2048');
    await budget.scrollIntoViewIfNeeded();
    await page.getByTestId('monitoring-storage').screenshot({ path: 'docs/monitoring-budget.png' });

    const input = page.getByTestId('limit-dataBudgetMegabytes');
    await input.fill('50');
    await input.blur();
    await expect(page.getByText('Give monitoring data at least 100 MB.').first()).toBeVisible();
    expect((await call<Settings>(app, 'settings:get', {})).monitoring.dataBudgetMegabytes).toBe(2048);

    await input.fill('1024');
    await input.blur();
    await expect(budget).toContainText('of the 1.0 GiB budget');
    expect((await call<Settings>(app, 'settings:get', {})).monitoring.dataBudgetMegabytes).toBe(1024);
  } finally {
    await call(app, 'settings:update', { monitoring: { dataBudgetMegabytes: 2048 } });
    await deleteDeployment(app, deploymentId);
  }
});

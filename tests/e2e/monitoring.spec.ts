/**
 * Monitoring in Chromium against the browser-mode host, a real sshd and dockerd from the rig: a
 * deployment's known log lines show in the logs tab and can be searched; a busy container shows
 * real CPU and memory; with the node's sshd stopped, the logs, stats and events tabs still open
 * from the local store within 2 s, marked "last seen".
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { addRigNode } from '../helpers/rig-node';
import { scriptTemplate } from '../helpers/script-template';
import { loadRig } from '../rig/rig';
import { apiOf, call, deleteDeployment, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const node = rig.nodes[0]!;
const run = promisify(execFile);
const PRINTER =
  'echo boot; i=0; while [ $$i -lt 40 ]; do i=$$((i+1)); echo "known line $$i"; done; echo "oops on stderr" >&2; exec sleep 3600';

/** Milliseconds from `action` until `locator` is visible. */
async function timeUntilVisible(page: Page, action: () => Promise<unknown>, testId: string): Promise<number> {
  const started = Date.now();
  await action();
  await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 10_000 });
  return Date.now() - started;
}

test('logs, stats and events of a deployment, searchable, and still there with its node offline', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const added = await addRigNode(apiOf(app), rig, 0, 'watched node');
  const template = scriptTemplate(rig.images.local, 'mon-e2e', {
    printer: { script: PRINTER },
    spin: { script: 'while :; do :; done' },
  });
  const { deploymentId } = await deployRunning(app, { template, name: 'watched', nodeId: added.id });

  try {
    await page.goto(`${app.url}#/monitoring/${deploymentId}`);
    const monitoring = page.getByTestId('deployment-monitoring');
    await expect(monitoring.getByTestId('container-row')).toHaveCount(2, { timeout: 30_000 });
    await monitoring.getByRole('tab', { name: 'Logs' }).click();
    await expect(page.getByTestId('log-total')).toHaveText('42 lines', { timeout: 30_000 });
    await expect(page.getByTestId('log-row').filter({ hasText: 'known line 40' })).toBeVisible();
    await expect(page.getByTestId('log-row').filter({ hasText: 'oops on stderr' })).toHaveAttribute(
      'data-stream',
      'stderr',
    );
    await page.getByTestId('log-search').fill('known line 17');
    await expect(page.getByTestId('log-total')).toHaveText('1 line');
    await expect(page.getByTestId('log-row')).toHaveText([/known line 17/]);
    await page.getByTestId('log-search').fill('');
    await page.getByTestId('log-stream').selectOption('stderr');
    await expect(page.getByTestId('log-row')).toHaveText([/oops on stderr/]);
    await page.getByTestId('log-stream').selectOption('');

    await monitoring.getByRole('tab', { name: 'Stats' }).click();
    const spinCpu = page.getByTestId('stats-row').filter({ hasText: 'spin' }).getByTestId('stats-cpu');
    await expect(spinCpu).toHaveText(/^[1-9]\d*(\.\d)? %$/, { timeout: 30_000 });
    await expect(
      page.getByTestId('stats-row').filter({ hasText: 'spin' }).getByTestId('stats-memory'),
    ).toHaveText(/^\d+(\.\d)? (B|KiB|MiB) \//);
    const cpuChart = page.locator('[data-testid="chart"][data-title="CPU"]');
    await expect(cpuChart.getByTestId('chart-series')).toHaveCount(2);
    await expect(cpuChart.getByRole('img', { name: 'CPU over the last 1h' }).locator('canvas')).toBeVisible();
    await monitoring.getByRole('tab', { name: 'Events' }).click();
    await expect(page.getByTestId('event-row').filter({ hasText: 'printer started' })).toBeVisible();

    await run('bash', [rig.nodeControl, rig.rigDir, 'stop', node.name]);
    await expect
      .poll(
        async () =>
          (
            await call<{ reachability: { isReachable: boolean } }>(app, 'monitoring:overview', {
              deploymentId,
            })
          ).reachability.isReachable,
        { timeout: 30_000 },
      )
      .toBe(false);

    const opened = await timeUntilVisible(page, () => page.reload(), 'offline-banner');
    await expect(page.getByTestId('offline-banner')).toContainText('watched node is unreachable');
    await expect(page.getByTestId('offline-banner')).toContainText(/last seen \d+ (s|min) ago/);
    const logs = await timeUntilVisible(
      page,
      () => monitoring.getByRole('tab', { name: 'Logs' }).click(),
      'log-row',
    );
    await expect(page.getByTestId('log-total')).toHaveText('42 lines');
    const stats = await timeUntilVisible(
      page,
      () => monitoring.getByRole('tab', { name: 'Stats' }).click(),
      'stats-row',
    );
    const events = await timeUntilVisible(
      page,
      () => monitoring.getByRole('tab', { name: 'Events' }).click(),
      'event-row',
    );
    await expect(
      page.getByTestId('event-row').filter({ hasText: 'watched node went offline' }),
    ).toBeVisible();
    for (const ms of [opened, logs, stats, events]) expect(ms).toBeLessThan(2000);

    await page.getByRole('button', { name: '← All nodes' }).click();
    const fleetNode = page.getByTestId('fleet-node').filter({ hasText: 'watched node' });
    await expect(fleetNode.getByTestId('offline-banner')).toBeVisible();
    await expect(fleetNode.getByTestId('fleet-deployment')).toContainText('watched');
    await expect(page.getByTestId('alert').filter({ hasText: 'watched node is offline' })).toBeVisible();

    await page.goto(`${app.url}#/settings`);
    await expect(page.getByTestId('monitoring-usage-row').filter({ hasText: 'watched' })).toBeVisible();
  } finally {
    await run('bash', [rig.nodeControl, rig.rigDir, 'start', node.name]);
    await call(app, 'nodes:test', { id: added.id });
    await deleteDeployment(app, deploymentId);
  }
});

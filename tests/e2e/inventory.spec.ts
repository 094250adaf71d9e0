/**
 * What runs on a node, as a user meets it on the node page: the deployment's container marked as
 * ours, a volume of a deployment that no longer exists among the leftovers, Docker's disk usage on
 * request, and the clean-up's preview listing that volume. The rig's engine is shared with other
 * specs, so the clean-up is previewed and cancelled here (its removal is the integration test's).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { addRigNode } from '../helpers/rig-node';
import { scriptTemplate } from '../helpers/script-template';
import { loadRig } from '../rig/rig';
import { apiOf, call, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const NAME = `stock-${suffix}`;
const leftover = `stock-leftover-${suffix}`;
const docs = join(import.meta.dirname, '..', '..', 'docs');

test.afterAll(async () => {
  // Already gone when the spec reached its end; a failed run leaves it behind otherwise.
  await docker
    .getVolume(leftover)
    .remove()
    .catch(() => undefined);
});

test('shows what runs on the node, ours and leftovers apart, with disk usage and a clean-up preview', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  await docker.createVolume({
    Name: leftover,
    Labels: { 'dev.hoster.managed': 'true', 'dev.hoster.deployment': `gone-${suffix}` },
  });
  const node = await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  const template = scriptTemplate(rig.images.local, `stock-${suffix}`, {
    app: { script: 'exec sleep 3600' },
  });
  const { deploymentId } = await deployRunning(app, { template, name: NAME, nodeId: node.id });

  await page.goto(`${app.url}#/nodes/${node.id}`);
  const card = page.getByTestId('node-inventory');
  const containers = card.getByTestId('inventory-containers');
  await expect(containers.getByRole('row').filter({ hasText: `${NAME}-app-1` })).toContainText(NAME);

  await card.getByRole('tab', { name: /Volumes/ }).click();
  await card.getByText('Leftovers', { exact: true }).click();
  const volumes = card.getByTestId('inventory-volumes');
  await expect(volumes.getByRole('row').filter({ hasText: leftover })).toContainText(
    'leftover of a deleted deployment',
  );

  await card.getByRole('button', { name: 'Measure disk usage' }).click();
  await expect(card.getByTestId('disk-usage')).toContainText('Build cache');
  await card.getByText('All', { exact: true }).click();
  await card.getByRole('tab', { name: /Containers/ }).click();
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(docs, 'node-inventory.png') });

  await card.getByRole('button', { name: 'Clean up…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('prune-preview')).toContainText(`Volume ${leftover}`);
  await expect(dialog.getByTestId('prune-preview')).not.toContainText(NAME);
  await expect(dialog.getByRole('button', { name: /^Remove / })).toBeVisible();
  await dialog.screenshot({ path: join(docs, 'node-clean-up.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // The app is shared with the other specs of this worker: it is left without this deployment.
  await call(app, 'deployments:delete', { id: deploymentId, deleteData: true });
  await expect
    .poll(
      async () =>
        (await call<{ id: string }[]>(app, 'deployments:list', {})).some((d) => d.id === deploymentId),
      { timeout: 60_000 },
    )
    .toBe(false);
  await docker.getVolume(leftover).remove();
});

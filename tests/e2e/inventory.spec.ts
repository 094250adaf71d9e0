/**
 * What runs on a node, as a user meets it on the node page: the deployment's container marked as
 * ours, a volume of a deployment that no longer exists among the leftovers, Docker's disk usage on
 * request, and the clean-up's preview listing that volume. The rig's engine is shared with other
 * specs, so the clean-up is previewed and cancelled here (its removal is the integration test's).
 * Then the deployment is deleted from its page with its image, which the dialog lists first.
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
const image = `local/stock-${suffix}:1`;
const docs = join(import.meta.dirname, '..', '..', 'docs');

const imageExists = (reference: string) =>
  docker
    .getImage(reference)
    .inspect()
    .then(
      () => true,
      () => false,
    );

/** An image of this spec's own (the rig's busybox with one file more): deleting it touches nothing shared. */
async function ownImage(reference: string) {
  const base = await docker.createContainer({
    Image: rig.images.local,
    Cmd: ['sh', '-c', 'echo stock > /made'],
  });
  await base.start();
  await base.wait();
  const [repo, tag] = reference.split(':');
  await base.commit({ repo, tag });
  await base.remove({ force: true });
}

test.afterAll(async () => {
  // Already gone when the spec reached its end; a failed run leaves them behind otherwise.
  const gone = () => undefined;
  await docker.getVolume(leftover).remove().catch(gone);
  await docker.getImage(image).remove().catch(gone);
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
  await ownImage(image);
  const template = scriptTemplate(image, `stock-${suffix}`, {
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
  await expect(volumes.getByRole('row').filter({ hasText: leftover })).toContainText('leftover');

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

  // A shell in one of the node's containers, straight from its list.
  await containers.getByRole('row').filter({ hasText: `${NAME}-app-1` }).getByRole('button', { name: 'Terminal' }).click();
  const terminal = page.getByTestId('node-terminal');
  await expect(terminal.getByTestId('terminal-status')).toHaveText(`sh in ${NAME}-app-1`);
  await terminal.getByTestId('terminal-screen').click();
  await page.keyboard.type('echo "node: $((6*7))"');
  await page.keyboard.press('Enter');
  await expect(terminal.locator('.xterm-rows')).toContainText('node: 42');

  // Deleted from its page with its data and its image, which no other container uses; the app,
  // shared with the other specs of this worker, is left without this deployment.
  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  await page.getByTestId('deployment-detail').getByRole('button', { name: 'Delete…' }).click();
  const deleting = page.getByRole('dialog', { name: `Delete ${NAME}?` });
  await expect(deleting.getByTestId('delete-images')).toContainText(image);
  await deleting.getByLabel('Also delete data').check();
  await deleting.getByLabel('Also remove its images').check();
  await deleting.getByRole('button', { name: 'Delete deployment' }).click();
  await expect(page).toHaveURL(/#\/deployments$/, { timeout: 60_000 });
  await expect
    .poll(
      async () =>
        (await call<{ id: string }[]>(app, 'deployments:list', {})).some((d) => d.id === deploymentId),
      { timeout: 60_000 },
    )
    .toBe(false);
  await expect.poll(() => imageExists(image)).toBe(false);
  await docker.getVolume(leftover).remove();
});

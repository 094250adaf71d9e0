/**
 * Operating a running app (issue #16) as a user meets it: the Credentials section reveals the
 * generated API_TOKEN only after a reveal passphrase is set (the value the container has), copies
 * it with a clipboard that clears itself, and the history names the reveal; the Services section
 * stops one service (asked first) while the app stays running, starts it again, and opens one
 * service's logs.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { busyboxTemplate } from '../helpers/busybox-template';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, deleteDeployment, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const NAME = `operate-${suffix}`;
const docs = join(import.meta.dirname, '..', '..', 'docs');
let deploymentId = '';

async function tokenInContainer(): Promise<string> {
  const [container] = await docker.listContainers({
    filters: { label: [`${labels.deployment}=${deploymentId}`, `${labels.service}=content`] },
  });
  if (!container) throw new Error('content is not running');
  const env = (await docker.getContainer(container.Id).inspect()).Config.Env;
  return env.find((line) => line.startsWith('API_TOKEN='))?.slice('API_TOKEN='.length) ?? '';
}

test.afterAll(async () => {
  const filters = { label: [`${labels.deployment}=${deploymentId}`] };
  for (const c of await docker.listContainers({ all: true, filters }))
    await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
  for (const v of (await docker.listVolumes({ filters })).Volumes) await docker.getVolume(v.Name).remove();
});

test('reveals a generated secret after a passphrase, and controls one service', async ({ page, app }) => {
  test.setTimeout(240_000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const node = await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  const template = busyboxTemplate(rig.images.local, { slug: `operate-${suffix}` });
  ({ deploymentId } = await deployRunning(app, { template, name: NAME, nodeId: node.id }));

  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  const credentials = page.getByTestId('credentials-section');
  const row = credentials.getByTestId('credential-row').filter({ hasText: 'API_TOKEN' });
  await expect(row.getByTestId('credential-value')).toHaveText('••••••••');
  await row.getByRole('button', { name: 'Reveal…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Set a reveal passphrase');
  await dialog.getByLabel('New reveal passphrase').fill('a long passphrase');
  await dialog.getByLabel('Type it again').fill('a long passphrase');
  await dialog.getByRole('button', { name: 'Set and reveal API_TOKEN' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('credential-value')).toHaveText(await tokenInContainer());
  await row.getByRole('button', { name: 'Copy' }).click();
  await expect(credentials.getByTestId('clipboard-countdown')).toContainText('clipboard clears in');
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(await tokenInContainer());
  await expect(page.getByText('API_TOKEN revealed')).toBeVisible();

  // The reveal passphrase changes given the current one; the old one then reveals nothing.
  await expect(credentials.getByTestId('presence-note')).toContainText('asks for your reveal passphrase');
  await credentials.getByRole('button', { name: 'Change it…' }).click();
  await dialog.getByLabel('Current reveal passphrase').fill('a long passphrase');
  await dialog.getByLabel('New reveal passphrase').fill('another long one');
  await dialog.getByLabel('Type the new one again').fill('another long one');
  await dialog.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(dialog).toBeHidden();
  await row.getByRole('button', { name: 'Hide' }).click();
  await row.getByRole('button', { name: 'Reveal…' }).click();
  await dialog.getByLabel('Reveal passphrase').fill('a long passphrase');
  await dialog.getByRole('button', { name: 'Reveal API_TOKEN' }).click();
  await expect(dialog.getByRole('alert')).toContainText('that is not the reveal passphrase');
  await expect(row.getByTestId('credential-value')).toHaveText('••••••••');
  await dialog.getByLabel('Reveal passphrase').fill('another long one');
  await dialog.getByRole('button', { name: 'Reveal API_TOKEN' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('credential-value')).toHaveText(await tokenInContainer());

  const services = page.getByTestId('services-section');
  const content = services.getByTestId('service-row').filter({ hasText: 'content' });
  await content.getByRole('button', { name: 'Stop… content' }).click();
  await expect(dialog.getByTestId('service-stop-consequence')).toContainText('web depends on it');
  await dialog.getByRole('button', { name: 'Stop content' }).click();
  await expect(content).toHaveAttribute('data-state', 'exited', { timeout: 60_000 });
  await expect(content).toContainText('stopped by you');
  await expect(page.getByTestId('deployment-detail')).toContainText('content stopped by the user');
  expect((await call<{ status: string }>(app, 'deployments:get', { id: deploymentId })).status).toBe(
    'running',
  );
  await services.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(docs, 'operate.png') });

  await content.getByRole('button', { name: 'Start content' }).click();
  await expect(content).toHaveAttribute('data-state', 'running', { timeout: 60_000 });

  await content.getByRole('button', { name: 'Logs of content' }).click();
  const logs = page.getByTestId('monitoring-logs');
  await expect(logs).toBeVisible();
  await expect(logs.getByTestId('log-service')).toHaveValue('content');

  // The app is shared with the other specs of this worker: it is left without this deployment.
  await deleteDeployment(app, deploymentId);
});

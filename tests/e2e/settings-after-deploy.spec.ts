/**
 * Settings after deploy as a user meets them (issue #16): on a running app's page the user opens
 * Settings, adds an environment variable to one service, reviews the change as a compose diff with
 * whether the app stays up, and applies it: the update runs, the container has the variable, and
 * the section sums up the new setting.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { addRigNode } from '../helpers/rig-node';
import { webTemplate } from '../helpers/web-template';
import { loadRig } from '../rig/rig';
import { apiOf, call, deleteDeployment, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const NAME = `page-${suffix}`;
const docs = join(import.meta.dirname, '..', '..', 'docs');
let deploymentId = '';

test.afterAll(async () => {
  const filters = { label: [`${labels.deployment}=${deploymentId}`] };
  for (const c of await docker.listContainers({ all: true, filters }))
    await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
});

test('adds an environment variable, reviews the compose diff, and applies it', async ({ page, app }) => {
  test.setTimeout(240_000);
  const node = await addRigNode(apiOf(app), rig, 0, 'rig node settings');
  const template = webTemplate(rig.images.local, { slug: `page-${suffix}`, page: 'hello', worker: true });
  ({ deploymentId } = await deployRunning(app, { template, name: NAME, nodeId: node.id }));

  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  const section = page.getByRole('region', { name: 'Settings' });
  await expect(section).toContainText('Every service runs as its template says');
  await section.getByRole('button', { name: 'Edit settings…' }).click();

  const dialog = page.getByRole('dialog', { name: `Settings of ${NAME}` });
  const web = dialog.getByTestId('service-settings-web');
  await expect(web).toContainText('No extra variables');
  await web.getByRole('button', { name: 'Add variable' }).click();
  await web.getByLabel('Name of a variable for web').fill('GREETING');
  await web.getByLabel('Value of GREETING for web').fill('hello there');
  await web.getByLabel('Memory (MB)').fill('48');
  // Escape over edits asks first: they would be lost.
  await page.keyboard.press('Escape');
  await expect(dialog.getByTestId('discard-settings')).toContainText('Your changes will be lost');
  await dialog.getByRole('button', { name: 'Keep editing' }).click();
  await expect(dialog.getByTestId('discard-settings')).toBeHidden();
  await dialog.getByRole('button', { name: 'Review changes' }).click();

  const diff = dialog.getByTestId('diff-lines');
  await expect(diff).toContainText('+       GREETING: "hello there"');
  await expect(diff).toContainText('-           memory: 32M');
  await expect(diff).toContainText('+           memory: 48M');
  await expect(dialog.getByTestId('settings-impact')).toContainText('The app stays up');
  await dialog.screenshot({ path: join(docs, 'deployment-settings.png') });

  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(
      async () => {
        const detail = await call<{
          status: string;
          currentRevision: number | null;
          revisions: { status: string }[];
        }>(app, 'deployments:get', { id: deploymentId });
        return `${detail.status} ${detail.revisions.filter((r) => r.status === 'active').length}/${detail.revisions.length}`;
      },
      { timeout: 120_000 },
    )
    .toBe('running 1/2');
  await expect(section.getByTestId('settings-summary')).toHaveText('web: 48 MB, 1 extra variable');
  const container = await docker.getContainer(`${NAME}-web-1`).inspect();
  expect(container.Config.Env).toContain('GREETING=hello there');
  expect(container.HostConfig.Memory).toBe(48 * 1024 * 1024);

  // The app is shared with the other specs of this worker: it is left without this deployment.
  await deleteDeployment(app, deploymentId);
});

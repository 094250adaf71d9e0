/**
 * The first run, as a new user meets it: the app opens on Home with an empty data folder, and the
 * checklist leads through importing a key, adding rig node 1 (trusting its host key), and deploying a
 * first app from a published template; Home then shows the node online and the app running.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { busyboxTemplate } from '../helpers/busybox-template';
import { loadRig } from '../rig/rig';
import { call, deleteDeployment, expect, test } from './app-fixture';

const rig = loadRig();
const node1 = rig.nodes[0]!;
const docs = join(import.meta.dirname, '..', '..', 'docs');
const APP_NAME = `First app ${randomBytes(3).toString('hex')}`;

// A host of its own: the journey starts from an empty data folder, whatever other specs left behind.
// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
test.use({ appEnv: [async ({}, use) => use({ HOSTER_E2E_FRESH: 'home' }), { scope: 'worker' }] });

const step = (page: Page, id: string) => page.getByTestId(`step-${id}`);
const openHome = (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();

async function importKey(page: Page) {
  await step(page, 'key').getByRole('button', { name: 'Add a key' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate an ed25519 key' })).toBeVisible();
  const importForm = page.locator('form', { has: page.getByRole('heading', { name: 'Import a key' }) });
  await importForm.getByLabel('Name').fill('rig client');
  await importForm.getByLabel('Private key').fill(readFileSync(rig.clientKey.privateKeyPath, 'utf8'));
  await importForm.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('key-card')).toHaveCount(1);
}

async function addServer(page: Page) {
  await step(page, 'node').getByRole('button', { name: 'Add a server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a node' });
  await expect(page).toHaveURL(/#\/nodes\/new$/);
  await dialog.getByLabel('Name', { exact: true }).fill('rig node one');
  await dialog.getByLabel('Host', { exact: true }).fill(node1.host);
  await dialog.getByLabel('Port').fill(String(node1.port));
  await dialog.getByLabel('User').fill(node1.user);
  await dialog.getByLabel('Key', { exact: true }).selectOption({ index: 1 });
  await dialog.getByLabel('Docker socket on the node').fill(node1.dockerSocket);
  await dialog.getByRole('button', { name: 'Next: check the host key' }).click();
  await expect(dialog.getByTestId('scanned-fingerprint')).toHaveText(node1.hostKeyFingerprint);
  await dialog.getByRole('button', { name: 'Trust and add' }).click();
  await expect(dialog.getByTestId('test-result')).toContainText('✓ Logged in', { timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/#\/nodes$/);
}

async function deployFirstApp(page: Page): Promise<string> {
  await step(page, 'deploy').getByRole('button', { name: 'Deploy an app' }).click();
  await page.getByRole('searchbox', { name: 'Search templates to deploy' }).fill(APP_NAME);
  await page.getByRole('button', { name: `Deploy ${APP_NAME}` }).click();
  await expect(page.getByRole('heading', { name: `Deploy ${APP_NAME}` })).toBeVisible();
  await page.getByText('Private (recommended)').click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(page).toHaveURL(/#\/deployments\/[0-9a-f-]{36}$/);
  const deploymentId = decodeURIComponent(page.url().split('/').pop() ?? '');
  await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'running', {
    timeout: 120_000,
  });
  return deploymentId;
}

test('from an empty data folder, the checklist on Home leads to a first running app', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add your first server' })).toBeVisible();
  await expect(page.locator('[data-testid^="step-"]')).toHaveCount(4);
  for (const id of ['key', 'node', 'deploy', 'billing'])
    await expect(step(page, id)).toHaveAttribute('data-done', 'false');
  await page.screenshot({ path: test.info().outputPath('home-empty.png') });

  await importKey(page);
  await openHome(page);
  await expect(step(page, 'key')).toHaveAttribute('data-done', 'true');
  await addServer(page);
  await openHome(page);
  await expect(step(page, 'node')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('home-fleet')).toContainText('1online');
  await page.screenshot({ path: test.info().outputPath('home-part-done.png') });

  const template = busyboxTemplate(rig.images.local, { slug: `first-${randomBytes(3).toString('hex')}` });
  const created = await call<{ summary: { id: string } }>(app, 'templates:create', {
    ...template,
    manifest: { ...template.manifest, name: APP_NAME },
  });
  await call(app, 'templates:publish', { id: created.summary.id, version: template.manifest.version });
  const deploymentId = await deployFirstApp(page);

  await openHome(page);
  await expect(page.getByRole('heading', { name: 'Get started' })).toHaveCount(0);
  await expect(page.getByTestId('home-fleet')).toContainText('1online');
  await expect(page.getByTestId('home-deployments')).toHaveText('1running');
  await expect(page.getByTestId('home-activity')).toContainText(/Deploy: /);
  await page.screenshot({ path: join(docs, 'home.png') });

  await page
    .getByTestId('home-deployments')
    .getByRole('button', { name: /running/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Deployments', level: 1 })).toBeVisible();
  await deleteDeployment(app, deploymentId);
});

test('"Hide checklist" puts the checklist away for good', async ({ page, app }) => {
  await page.goto(app.url);
  // No deployment is left on this host, so the checklist shows.
  expect(await call<unknown[]>(app, 'deployments:list', {})).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Get started' })).toBeVisible();
  await page.getByRole('button', { name: 'Hide checklist' }).click();
  await expect(page.getByRole('heading', { name: 'Get started' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Nodes' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Get started' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show checklist' }).click();
  await expect(page.getByRole('heading', { name: 'Get started' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show checklist' })).toHaveCount(0);
});

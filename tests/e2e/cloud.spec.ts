/**
 * The cloud journey in the UI, against a local fake DigitalOcean that checks every request against
 * the published API description, whose "created server" is a real sshd on 127.0.77.x:22 with the
 * host key and authorized key the app's cloud-init user data carried (tests/fakes/cloud/rig-cloud.ts).
 */
import { startRigCloud, type RigCloud } from '../fakes/cloud/rig-cloud';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { test as base, call, expect } from './app-fixture';

const TOKEN = 'dop_v1_' + 'e2e0'.repeat(16);
const rig = loadRig();

// The host talks to the fake: this spec gets a host of its own with HOSTER_DIGITALOCEAN_API.
const test = base.extend<object, { cloud: RigCloud }>({
  cloud: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const dir = makeTempDir('hoster-e2e-cloud-');
      const cloud = await startRigCloud('digitalocean', {
        token: TOKEN,
        rig,
        hosts: ['127.0.77.1', '127.0.77.2'],
        dir: dir.path,
      });
      await use(cloud);
      await cloud.stop();
      dir.remove();
    },
    { scope: 'worker' },
  ],
  appEnv: [async ({ cloud }, use) => use({ HOSTER_DIGITALOCEAN_API: cloud.fake.url }), { scope: 'worker' }],
});

test('create a server at a provider from the UI, see it online at its price, then retire it', async ({ page, app, cloud }) => {
  test.setTimeout(180_000);
  await call(app, 'keys:generate', { name: 'laptop' });

  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const card = page.getByTestId('cloud-provider-digitalocean');
  await card.getByLabel('DigitalOcean API token').fill('dop_v1_' + 'f'.repeat(64));
  await card.getByRole('button', { name: 'Save token' }).click();
  await expect(card.getByRole('alert')).toContainText('refused');
  await card.getByLabel('DigitalOcean API token').fill(TOKEN);
  await card.getByRole('button', { name: 'Save token' }).click();
  await expect(card.getByTestId('cloud-account')).toContainText('ops@example.com');

  await page.getByRole('button', { name: 'Nodes' }).click();
  await page.getByRole('button', { name: 'Create a server…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create a server' });
  await dialog.getByLabel('Region').selectOption('fra1');
  await dialog.getByLabel('Size').selectOption('s-1vcpu-1gb');
  await dialog.getByLabel('Name').fill('web-fra1');
  await expect(dialog.getByTestId('create-server-cost')).toContainText('$6.00');
  await page.screenshot({ path: 'docs/cloud-create.png' });
  await dialog.getByRole('button', { name: 'Create server' }).click();

  const progress = dialog.getByTestId('create-progress');
  await expect(progress).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(dialog.getByTestId('create-steps').locator('[data-state="done"]')).toHaveCount(5);
  await dialog.getByRole('button', { name: 'Open node web-fra1' }).click();

  await expect(page.getByRole('heading', { name: /web-fra1/, level: 1 })).toContainText('Online');
  await expect(page.getByTestId('node-monthly-cost')).toHaveText('$6.00');
  await expect(page.getByTestId('cloud-server-card')).toContainText('$6.00');
  const servers = await call<{ hostKeyFingerprint: string }[]>(app, 'cloud:servers', {});
  await expect(page.getByText(servers[0]?.hostKeyFingerprint ?? 'missing')).toBeVisible();
  await page.screenshot({ path: 'docs/cloud-node.png' });

  // Removing the node would leave the server paid for at the provider: the dialog says so.
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  const remove = page.getByRole('dialog', { name: 'Remove web-fra1?' });
  await expect(remove.getByTestId('remove-cloud-warning')).toContainText('Retire server…');
  await remove.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Retire server…' }).click();
  const retire = page.getByRole('dialog', { name: 'Retire web-fra1?' });
  await expect(retire).toContainText('cannot be undone');
  await retire.getByRole('button', { name: 'Retire server', exact: true }).click();
  await expect(page.getByTestId('retired-notice')).toBeVisible({ timeout: 60_000 });
  expect(cloud.fake.servers.size).toBe(0);
  expect(cloud.fake.violations()).toEqual([]);
});

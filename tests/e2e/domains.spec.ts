/**
 * Domains as a user meets them (issue #14): a running deployment gets an automatic domain from its
 * page; the node, which had no proxy, gets one; the certificate (from the rig's Pebble CA) shows as
 * valid; the domain's link and "Open app" both open the app over HTTPS; a password put in front of
 * it is asked for, then taken away; removing the domain asks first and takes it off at once. Chromium resolves *.sslip.io to the node's address (a resolver
 * rule, no DNS leaves this machine) and accepts Pebble's certificates, which no browser trusts.
 */
import { join } from 'node:path';
import Docker from 'dockerode';
import { busyboxTemplate } from '../helpers/busybox-template';
import { pointAt, rigDomainSettings } from '../helpers/rig-domains';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, deployRunning, expect, test } from './app-fixture';
import { chromiumArgs, chromiumExecutable } from './chromium';

const rig = loadRig();
const node = rig.nodes[0]!;
const NAME = 'photos';
const hostname = `${NAME}.${node.host}.sslip.io`;
const screenshotPath = join(import.meta.dirname, '..', '..', 'docs', 'domains.png');

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: chromiumExecutable,
    args: [...chromiumArgs, `--host-resolver-rules=MAP *.sslip.io ${node.host}`],
  },
});

test.afterAll(async () => {
  await new Docker({ socketPath: rig.dockerSocket })
    .getContainer('hoster-proxy')
    .remove({ force: true })
    .catch(() => undefined);
});

test('a deployment gets an automatic domain with a valid certificate, opens over HTTPS, and loses it on remove', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  await call(app, 'settings:update', { domains: rigDomainSettings(rig) });
  await pointAt(rig, hostname, node.host);
  const added = await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  const template = busyboxTemplate(rig.images.local, { slug: 'photos-pair', page: 'my photos' });
  const { deploymentId } = await deployRunning(app, { template, name: NAME, nodeId: added.id });

  await page.goto(`${app.url}#/nodes/${added.id}`);
  await expect(page.getByTestId('proxy-absent')).toBeVisible();

  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  await expect(page.getByTestId('domains-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Add domain…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add domain' });
  await expect(dialog.getByRole('radio', { name: /Automatic/ })).toBeChecked();
  await expect(dialog).toContainText(hostname);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId('domain-row');
  await expect(row).toHaveAttribute('data-hostname', hostname);
  await expect(row).toHaveAttribute('data-status', 'active', { timeout: 90_000 });
  await expect(row.getByTestId('domain-status')).toContainText('valid until');
  await expect(row.getByTestId('domain-status')).toContainText('Pebble');
  await page.screenshot({ path: screenshotPath });

  const fromLink = page.waitForEvent('popup');
  await row.getByRole('link', { name: `https://${hostname}` }).click();
  const linked = await fromLink;
  await expect(linked.locator('body')).toContainText('my photos');
  expect(linked.url()).toBe(`https://${hostname}/`);
  await linked.close();

  const fromOpen = page.waitForEvent('popup');
  await page.getByTestId('deployment-detail').getByRole('button', { name: 'Open app' }).click();
  const opened = await fromOpen;
  await expect(opened.locator('body')).toContainText('my photos');
  expect(opened.url()).toBe(`https://${hostname}/`);
  await opened.close();

  await page.goto(`${app.url}#/nodes/${added.id}`);
  await expect(page.getByTestId('proxy-status')).toHaveAttribute('data-status', 'running');

  // A password in front of the app: asked for by the proxy, then taken away again.
  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  await page.getByRole('button', { name: `Password for ${hostname}` }).click();
  const password = page.getByRole('dialog', { name: `Password for ${hostname}` });
  await password.getByRole('textbox', { name: 'User name' }).fill('family');
  await password.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await password.getByRole('button', { name: 'Save password' }).click();
  await expect(password).toBeHidden();
  await expect(page.getByTestId('domain-login')).toHaveText('asks for a password (user family)');
  // Without a login the proxy answers 401 with a challenge; headless Chromium reports it as an auth error.
  const stranger = await page.context().newPage();
  const refused = await stranger.goto(`https://${hostname}/`).then(
    (response) => `HTTP ${String(response?.status())}`,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  expect(refused).toMatch(/HTTP 401|ERR_INVALID_AUTH_CREDENTIALS/);
  await stranger.close();
  const browser = page.context().browser()!;
  const family = await browser.newContext({ ignoreHTTPSErrors: true, httpCredentials: { username: 'family', password: 'correct horse battery' } });
  const visit = await family.newPage();
  await visit.goto(`https://${hostname}/`);
  await expect(visit.locator('body')).toContainText('my photos');
  await family.close();
  await page.getByRole('button', { name: `Password for ${hostname}` }).click();
  await password.getByRole('button', { name: 'Remove the password' }).click();
  await expect(page.getByTestId('domain-login')).toHaveCount(0);

  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  await page.getByRole('button', { name: `Remove ${hostname}` }).click();
  const confirm = page.getByRole('dialog', { name: `Remove ${hostname}?` });
  await expect(confirm.getByTestId('domain-remove-consequence')).toContainText(hostname);
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('domains-empty')).toBeVisible();
  // Chromium itself asks the name again: refused at the handshake, or answered 404, never the app.
  const probe = await page.context().newPage();
  const after = await probe.goto(`https://${hostname}/`).catch(() => null);
  expect(after === null || after.status() === 404).toBe(true);
  await probe.close();

  await call(app, 'deployments:delete', { id: deploymentId, deleteData: true });
});

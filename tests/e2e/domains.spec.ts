/**
 * Domains as a user meets them (issue #14): a running deployment gets an automatic domain from its
 * page; the node, which had no proxy, gets one; the certificate (from the rig's Pebble CA) shows as
 * valid; the domain's link and "Open app" both open the app over HTTPS; removing the domain asks
 * first and takes it off at once. Chromium resolves *.sslip.io to the node's address (a resolver
 * rule, no DNS leaves this machine) and accepts Pebble's certificates, which no browser trusts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { busyboxTemplate } from '../helpers/busybox-template';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const node = rig.nodes[0]!;
const NAME = 'photos';
const hostname = `${NAME}.${node.host}.sslip.io`;
const screenshotPath = join(import.meta.dirname, '..', '..', 'docs', 'domains.png');

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--host-resolver-rules=MAP *.sslip.io ${node.host}`,
    ],
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
  await call(app, 'settings:update', {
    domains: {
      acmeDirectory: rig.acme.directoryUrl,
      acmeTrustedRootPem: readFileSync(rig.acme.listenerCaFile, 'utf8'),
      proxyImage: rig.images.caddy,
      proxyListenAddress: node.host,
    },
  });
  await fetch(`${rig.acme.dns.managementUrl}/add-a`, {
    method: 'POST',
    body: JSON.stringify({ host: `${hostname}.`, addresses: [node.host] }),
  });
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

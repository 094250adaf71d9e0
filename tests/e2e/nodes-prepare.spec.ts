/**
 * The "prepare a server" journey in the UI, against a fresh Debian 12 root with no Docker
 * (tests/rig/debian-root.sh, on 127.0.0.62:22: the integration test uses .61). Added through the API,
 * the node's page offers "Prepare this server…"; the dialog shows the system and the exact
 * commands, and with a yes the live apt output (kept when the dialog is closed and opened again),
 * then success, and the node turns online.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ed25519Pair } from '../helpers/ssh-keys';
import { makeTempDir } from '../helpers/temp-dir';
import { call, expect, test } from './app-fixture';

const run = promisify(execFile);
const HOST = '127.0.0.62';
const SCRIPT = join(import.meta.dirname, '../rig/debian-root.sh');
const dir = makeTempDir('hoster-e2e-prepare-');
const runDir = join(dir.path, 'debian');
const key = ed25519Pair();

test.beforeAll(async () => {
  test.setTimeout(11 * 60_000);
  writeFileSync(join(dir.path, 'client.pub'), key.public);
  // The server's own Docker configuration: its engine never touches the host's network.
  mkdirSync(join(runDir, 'upper/etc/docker'), { recursive: true });
  writeFileSync(
    join(runDir, 'upper/etc/docker/daemon.json'),
    JSON.stringify({ bridge: 'none', iptables: false, 'storage-driver': 'vfs' }),
  );
  await run('bash', [SCRIPT, 'start', runDir, HOST, '22', join(dir.path, 'client.pub')], {
    timeout: 11 * 60_000,
  });
});

test.afterAll(async () => {
  await run('bash', [SCRIPT, 'stop', runDir], { timeout: 30_000 });
  dir.remove();
});

test('prepare a fresh Debian server from its page: the plan, a yes, apt’s output live, and the node online', async ({
  page,
  app,
}) => {
  test.setTimeout(8 * 60_000);
  const imported = await call<{ id: string }>(app, 'keys:import', {
    name: 'fresh debian',
    privateKey: key.private,
  });
  const { fingerprint } = await call<{ fingerprint: string }>(app, 'nodes:scan-host-key', {
    host: HOST,
    port: 22,
  });
  const { node } = await call<{ node: { id: string } }>(app, 'nodes:add', {
    name: 'fresh debian',
    host: HOST,
    user: 'root',
    keyId: imported.id,
    hostKeyFingerprint: fingerprint,
  });

  await page.goto(app.url);
  await page.getByRole('button', { name: 'Nodes' }).click();
  await page.getByTestId('node-row').getByRole('button', { name: 'fresh debian' }).click();
  const card = page.getByTestId('prepare-server');
  await expect(card).toContainText('No Docker engine answers on this server');
  await card.getByRole('button', { name: 'Prepare this server…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Prepare fresh debian' });
  await expect(dialog.getByTestId('prepare-os')).toHaveText('Debian GNU/Linux 12 (bookworm)');
  await expect(dialog.getByTestId('prepare-commands')).toContainText('install -y docker.io');
  await expect(dialog.getByTestId('prepare-commands')).toContainText('service docker start');
  await dialog.screenshot({ path: 'docs/prepare-server.png' });

  await dialog.getByRole('button', { name: 'Install Docker' }).click();
  const output = dialog.getByTestId('prepare-output');
  await expect(output).toContainText('$ DEBIAN_FRONTEND=noninteractive apt-get');
  await expect(dialog.getByTestId('prepare-run')).toHaveAttribute('data-stage', 'running');
  // Closing the dialog leaves the run going; opened again, it shows what was printed meanwhile.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await card.getByRole('button', { name: 'Prepare this server…' }).click();
  await expect(output).toContainText('$ DEBIAN_FRONTEND=noninteractive apt-get');
  await expect(output).toContainText('Setting up docker.io', { timeout: 6 * 60_000 });
  await expect(dialog.getByTestId('prepare-succeeded')).toBeVisible({ timeout: 90_000 });
  await expect(output).toContainText('✓ The node answers: Docker 20.10');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await expect(page.getByRole('heading', { name: /fresh debian/ })).toContainText('Online');
  await expect(page.getByTestId('prepare-server')).toHaveCount(0);

  await call(app, 'nodes:remove', { id: node.id });
  await call(app, 'keys:delete', { id: imported.id });
});

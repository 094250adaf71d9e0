import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { findLeaks } from '../helpers/find-leaks';
import { startTestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { databaseText, expect, recordReceived, test } from './app-fixture';

const rig = loadRig();
const node1 = rig.nodes[0]!;
const clientKey = readFileSync(rig.clientKey.privateKeyPath, 'utf8');
const clientFingerprint = execFileSync('ssh-keygen', ['-lf', rig.clientKey.publicKeyPath], {
  encoding: 'utf8',
}).split(' ')[1];

const chooseClientKey = async (dialog: Locator) => {
  const value = await dialog
    .locator('option', { hasText: clientFingerprint!.slice(0, 20) })
    .getAttribute('value');
  expect(value).not.toBeNull();
  await dialog.getByLabel('Key', { exact: true }).selectOption(value ?? '');
};

// The second test logs in with the key the first one imported (the app is shared by the file).
test.describe.configure({ mode: 'serial' });

test('add a node through the UI: import a key, check the host key, trust it, test it, see it online', async ({
  page,
  app,
}) => {
  const received = recordReceived(page);

  await page.goto(app.url);
  await page.getByRole('button', { name: 'Keys' }).click();
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  const importForm = page.locator('form', { has: page.getByRole('heading', { name: 'Import a key' }) });
  await importForm.getByLabel('Name').fill('rig client');
  await importForm.getByLabel('Private key').fill(clientKey);
  await importForm.getByRole('button', { name: 'Import' }).click();
  // Other spec files share this app and may have stored the same key under another name first.
  const card = page.getByTestId('key-card').filter({ hasText: clientFingerprint! });
  await expect(card.getByTestId('key-fingerprint')).toHaveText(clientFingerprint!);
  await expect(card.getByTestId('public-key')).toHaveValue(
    new RegExp(`^${rig.clientKey.publicKey.split(' ').slice(0, 2).join(' ').replace(/[+/]/g, '\\$&')}`),
  );

  await page.getByRole('button', { name: 'Nodes' }).click();
  await page.getByRole('button', { name: 'Add node' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a node' });
  await dialog.getByLabel('Name', { exact: true }).fill('rig node one');
  await dialog.getByLabel('Host', { exact: true }).fill(node1.host);
  await dialog.getByLabel('Port').fill(String(node1.port));
  await dialog.getByLabel('User').fill(node1.user);
  await chooseClientKey(dialog);
  await dialog.getByLabel('Docker socket on the node').fill(node1.dockerSocket);
  await dialog.getByRole('button', { name: 'Next: check the host key' }).click();

  await expect(dialog.getByTestId('scanned-fingerprint')).toHaveText(node1.hostKeyFingerprint);
  await dialog.getByRole('button', { name: 'Trust and add' }).click();
  const result = dialog.getByTestId('test-result');
  await expect(result).toContainText('✓ SSH reachable');
  await expect(result).toContainText('✓ Docker engine answers');
  await expect(result).toContainText(/CPU/);
  await dialog.getByRole('button', { name: 'Open node' }).click();

  await expect(page.getByRole('heading', { name: /rig node one/ })).toContainText('Online');
  await expect(page.getByText(node1.hostKeyFingerprint, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('✓ Logged in');
  await expect(page.getByTestId('node-events')).toContainText('Online');

  await page.getByRole('button', { name: '← All nodes' }).click();
  const row = page.getByTestId('node-row').filter({ hasText: 'rig node one' });
  await expect(row.getByTestId('node-status')).toHaveText('Online');
  await expect(row).toContainText(/\d+ CPU/);

  await page.getByRole('button', { name: 'Keys' }).click();
  await card.getByRole('button', { name: 'Delete' }).click();
  await expect(card.getByRole('alert')).toContainText('rig node one');
  await expect(card.getByRole('alert')).toContainText(/Give th(at node|ose nodes) another key first/);

  expect(received().length).toBeGreaterThan(5);
  expect(
    findLeaks(
      { transcript: () => [...received(), app.output()].join('\n'), databaseText: () => databaseText(app.dataDir) },
      [clientKey],
    ),
  ).toEqual([]);
});

test('a changed host key is refused, shown with both fingerprints, and trusted only when the user says so', async ({
  page,
  app,
}) => {
  const dir = makeTempDir('hoster-e2e-sshd-');
  const sshd = await startTestSshd({
    dir: dir.path,
    host: '127.0.0.7',
    authorizedKeys: [rig.clientKey.publicKey],
  });
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Nodes' }).click();
    await page.getByRole('button', { name: 'Add node' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a node' });
    await dialog.getByLabel('Name', { exact: true }).fill('nobody home');
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.9');
    await dialog.getByLabel('Port').fill('1');
    await dialog.getByRole('button', { name: 'Next: check the host key' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Nothing accepts connections at 127.0.0.9:1');

    await dialog.getByLabel('Name', { exact: true }).fill('reinstalled');
    await dialog.getByLabel('Host', { exact: true }).fill(sshd.host);
    await dialog.getByLabel('Port').fill(String(sshd.port));
    await chooseClientKey(dialog);
    await dialog.getByLabel('Docker socket on the node').fill(rig.dockerSocket);
    await dialog.getByRole('button', { name: 'Next: check the host key' }).click();
    const first = sshd.hostKeyFingerprint();
    await expect(dialog.getByTestId('scanned-fingerprint')).toHaveText(first);
    await dialog.getByRole('button', { name: 'Trust and add' }).click();
    await expect(dialog.getByTestId('test-result')).toContainText('✓ Docker engine answers');
    await dialog.getByRole('button', { name: 'Open node' }).click();
    await expect(page.getByRole('heading', { name: /reinstalled/ })).toContainText('Online');

    await sshd.stop();
    await sshd.start({ newHostKey: true });
    const second = sshd.hostKeyFingerprint();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const problem = page.getByTestId('host-key-problem');
    await expect(problem.getByTestId('expected-fingerprint')).toHaveText(first);
    await expect(problem.getByTestId('presented-fingerprint')).toHaveText(second);
    await expect(page.getByRole('heading', { name: /reinstalled/ })).toContainText('Offline');
    await expect(page.getByTestId('test-result')).toContainText('✗ Host key matches the pinned one');

    await problem.getByRole('button', { name: /Trust the key/ }).click();
    await expect(page.getByRole('heading', { name: /reinstalled/ })).toContainText('Online', {
      timeout: 20_000,
    });
    await expect(page.getByText(second, { exact: true })).toBeVisible();
  } finally {
    await sshd.stop();
    dir.remove();
  }
});

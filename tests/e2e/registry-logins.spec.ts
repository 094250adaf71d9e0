/**
 * Registry logins through the UI, against the rig's registry that wants a login: a wrong password is
 * refused by the node's engine and nothing is saved; the right one is saved (password in the keychain
 * only, never in the database or in anything the page receives); delete forgets it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRig } from '../rig/rig';
import { call, expect, test } from './app-fixture';

const rig = loadRig();
const node = rig.nodes[0]!;
const { address, username, password } = rig.privateRegistry;

const databaseText = (dataDir: string) =>
  ['hoster.db', 'hoster.db-wal']
    .map((name) => {
      try {
        return readFileSync(join(dataDir, name)).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('\n');

test('add a registry login checked from a node, see a wrong password refused, then delete it', async ({
  page,
  app,
}) => {
  const received: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/'))
      void response.text().then(
        (text) => received.push(text),
        () => undefined,
      );
  });
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => received.push(String(frame.payload))));

  const key = await call<{ id: string }>(app, 'keys:import', {
    name: 'rig client',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  const added = await call<{ node: { id: string } }>(app, 'nodes:add', {
    name: 'registry checker',
    host: node.host,
    port: node.port,
    user: node.user,
    keyId: key.id,
    dockerSocket: node.dockerSocket,
    hostKeyFingerprint: node.hostKeyFingerprint,
  });

  await page.goto(app.url);
  await page.getByRole('button', { name: 'Keys' }).click();
  const section = page.getByRole('region', { name: 'Registry logins' });
  await expect(section.getByText('No registry logins')).toBeVisible();

  await section.getByLabel('Registry').fill(`http://${address}/`);
  await section.getByLabel('User name').fill(username);
  await section.getByLabel('Password or access token').fill('not-the-password');
  await section.getByLabel('Check it from').selectOption(added.node.id);
  await section.getByRole('button', { name: 'Save login' }).click();
  await expect(section.getByText(`${address} refused the password for ${username} (checked from registry checker)`)).toBeVisible();
  await expect(section.getByTestId('registry-login')).toHaveCount(0);

  await section.getByLabel('Password or access token').fill(password);
  await section.getByRole('button', { name: 'Save login' }).click();
  const row = section.getByTestId('registry-login');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(address);
  await expect(row).toContainText(username);
  await expect(row).toContainText('by registry checker');
  await expect(section.getByLabel('Password or access token')).toHaveValue('');

  expect(databaseText(app.dataDir)).not.toContain(password);
  expect(received.join('\n')).not.toContain(password);
  expect(app.output()).not.toContain(password);

  await row.getByRole('button', { name: `Delete the login for ${address}` }).click();
  await expect(section.getByTestId('registry-login')).toHaveCount(0);
  await expect(section.getByText('No registry logins')).toBeVisible();
  expect(await call<unknown[]>(app, 'registries:list', {})).toEqual([]);
});

/**
 * Registry logins through the UI, against the rig's registry that wants a login: a wrong password is
 * refused by the node's engine and nothing is saved; the right one is saved (password in the keychain
 * only, never in the database or in anything the page receives); delete forgets it.
 */
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, databaseText, expect, recordReceived, test } from './app-fixture';

const rig = loadRig();
const { address, username, password } = rig.privateRegistry;

test('add a registry login checked from a node, see a wrong password refused, then delete it', async ({
  page,
  app,
}) => {
  const received = recordReceived(page);

  const added = await addRigNode(apiOf(app), rig, 0, 'registry checker');

  await page.goto(app.url);
  await page.getByRole('button', { name: 'Keys' }).click();
  const section = page.getByRole('region', { name: 'Registry logins' });
  await expect(section.getByText('No registry logins')).toBeVisible();

  await section.getByLabel('Registry').fill(`http://${address}/`);
  await section.getByLabel('User name').fill(username);
  await section.getByLabel('Password or access token').fill('not-the-password');
  await section.getByLabel('Check it from').selectOption(added.id);
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
  expect(received().join('\n')).not.toContain(password);
  expect(app.output()).not.toContain(password);

  await row.getByRole('button', { name: `Delete the login for ${address}` }).click();
  await expect(section.getByTestId('registry-login')).toHaveCount(0);
  await expect(section.getByText('No registry logins')).toBeVisible();
  expect(await call<unknown[]>(app, 'registries:list', {})).toEqual([]);
});

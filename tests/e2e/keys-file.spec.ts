import { call, expect, test } from './app-fixture';
import { loadRig } from '../rig/rig';

const rig = loadRig();

test('a key is imported from its file; the public half and other files are refused saying which to choose', async ({
  page,
  app,
}) => {
  await page.goto(`${app.url}#/keys`);
  const form = page.getByRole('form', { name: 'Import a key' });
  const file = form.getByTestId('key-file');

  await file.setInputFiles(rig.clientKey.publicKeyPath);
  await expect(form.getByRole('alert')).toHaveText(
    'client_ed25519.pub is the public half. Choose the file of the same name without .pub.',
  );
  await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(form.getByRole('alert')).toContainText('notes.txt holds no private key');

  await file.setInputFiles(rig.clientKey.privateKeyPath);
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(form.getByLabel('Name')).toHaveValue('client_ed25519');
  await expect(form.getByLabel('Private key')).toHaveValue(/-----BEGIN OPENSSH PRIVATE KEY-----/);
  await form.getByRole('button', { name: 'Import' }).click();
  // The form empties once the key is stored; the key is then listed with its public half.
  await expect(form.getByLabel('Private key')).toHaveValue('');
  const keys = await call<{ id: string; name: string; publicKey: string }[]>(app, 'keys:list', {});
  const imported = keys.find((key) => key.name === 'client_ed25519');
  expect(imported?.publicKey.split(' ')[1]).toBe(rig.clientKey.publicKey.split(' ')[1]);
  await call(app, 'keys:delete', { id: imported?.id ?? '' });
});

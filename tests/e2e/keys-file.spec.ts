import { call, expect, test } from './app-fixture';
import { loadRig } from '../rig/rig';

const rig = loadRig();

test('a key is imported from its file; the public half and other files are refused saying which to choose', async ({
  page,
  app,
}) => {
  type Key = { id: string; name: string; publicKey: string };
  const body = (key: { publicKey: string }) => key.publicKey.split(' ')[1];
  // Another spec of this worker may have imported the same key already: then it is found, not added.
  const before = await call<Key[]>(app, 'keys:list', {});
  const existing = before.find((key) => body(key) === body(rig.clientKey));
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
  // The form empties once the key is stored (or found already stored); it is listed by its public half.
  await expect(form.getByLabel('Private key')).toHaveValue('');
  const imported = (await call<Key[]>(app, 'keys:list', {})).find((key) => body(key) === body(rig.clientKey));
  expect(imported?.name).toBe(existing?.name ?? 'client_ed25519');
  if (!existing) await call(app, 'keys:delete', { id: imported?.id ?? '' });
});

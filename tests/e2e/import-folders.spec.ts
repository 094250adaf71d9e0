/**
 * A folder import as a user meets it (issue #19, item 3): the import dialog takes a folder whose
 * compose file binds a config file it has and one it lacks; the report says what each bind
 * became; the deploy form asks for the missing file's contents in a text area and refuses to
 * deploy while it is empty.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TemplateList } from '../../src/shared/contract/templates';
import { zipOf } from '../../src/main/core/templates/zip-test-support';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, expect, test, openImportDialog } from './app-fixture';

const rig = loadRig();
const NAME = `folder-app-${randomBytes(3).toString('hex')}`;
const docs = join(import.meta.dirname, '..', '..', 'docs');

/** The folder a user would pick: its name is the template's, its compose file binds two files. */
function makeFolder(): { root: string; folder: string } {
  const root = mkdtempSync(join(tmpdir(), 'hoster-folder-'));
  const folder = join(root, NAME);
  mkdirSync(join(folder, 'conf'), { recursive: true });
  writeFileSync(
    join(folder, 'compose.yaml'),
    [
      'services:',
      '  app:',
      `    image: ${rig.images.local}`,
      '    command: ["sleep", "3600"]',
      '    volumes:',
      '      - ./conf/app.conf:/etc/app/app.conf:ro',
      '      - ./secret.ini:/etc/app/secret.ini',
      '',
    ].join('\n'),
  );
  writeFileSync(join(folder, 'conf', 'app.conf'), 'listen 8080\n');
  return { root, folder };
}

test('import a folder: its bound file is taken, the missing one is asked for before deploying', async ({
  page,
  app,
}) => {
  const { root, folder } = makeFolder();
  const node = await addRigNode(apiOf(app), rig, 0, `folder node ${NAME}`);
  let templateId = '';
  try {
    const dialog = await openImportDialog(page, app);
    await dialog.getByLabel('Choose folder…').setInputFiles(folder);
    await expect(dialog.getByTestId('import-files-picked')).toContainText(`${NAME}: 2 files`);
    await dialog.getByRole('button', { name: 'Review', exact: true }).click();
    const card = dialog.getByTestId('import-review').getByRole('article', { name: NAME, exact: true });
    await card.getByText(/What the import did/).click();
    await expect(card.getByRole('row').filter({ hasText: 'volumes[0]' })).toContainText(
      'became a config file at /etc/app/app.conf',
    );
    await expect(card.getByRole('row').filter({ hasText: 'volumes[1]' })).toContainText(
      'the folder does not have it',
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.screenshot({ path: join(docs, 'import-folder.png') });
    await dialog.getByRole('button', { name: 'Save 1 template' }).click();
    await expect(dialog.getByTestId('import-report')).toContainText('Imported 1 template as drafts');

    const list = await call<TemplateList>(app, 'templates:list', { scope: 'mine', search: NAME });
    templateId = list.templates[0]?.id ?? '';
    await call(app, 'templates:publish', { id: templateId, version: '1.0.0' });
    await page.reload();
    await page.getByRole('searchbox', { name: 'Search templates' }).fill(NAME);
    await page.getByRole('button', { name: `Open ${NAME}` }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('combobox', { name: 'Node', exact: true }).selectOption(node.id);
    const contents = page.getByRole('textbox', { name: 'Contents of ./secret.ini for service app' });
    await expect(contents).toBeVisible();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await expect(page.getByText('Contents of ./secret.ini for service app is required.')).toBeVisible();
    await contents.fill('token = abc\nsecond = line\n');
    await expect(contents).toHaveValue('token = abc\nsecond = line\n');
  } finally {
    if (templateId) await call(app, 'templates:delete', { id: templateId });
    await call(app, 'nodes:remove', { id: node.id });
    rmSync(root, { recursive: true, force: true });
  }
});

test('import a zip: the core unpacks it and the report names the config file it wrote', async ({
  page,
  app,
}) => {
  const zipName = `zipped-${NAME}`;
  const zip = zipOf([
    {
      name: 'compose.yaml',
      data: Buffer.from(
        `services:\n  app:\n    image: ${rig.images.local}\n    volumes: ["./app.conf:/etc/app/app.conf"]\n`,
      ),
    },
    { name: 'app.conf', data: Buffer.from('listen 8080\n') },
  ]);
  const dialog = await openImportDialog(page, app);
  await dialog
    .getByLabel('Choose zip…')
    .setInputFiles({ name: `${zipName}.zip`, mimeType: 'application/zip', buffer: zip });
  await expect(dialog.getByTestId('import-files-picked')).toContainText(`${zipName}.zip`);
  await dialog.getByRole('button', { name: 'Review', exact: true }).click();
  const card = dialog.getByTestId('import-review').getByRole('article', { name: zipName, exact: true });
  await card.getByText(/What the import did/).click();
  await expect(card.getByRole('row').filter({ hasText: 'volumes[0]' })).toContainText(
    'became a config file at /etc/app/app.conf',
  );
  await dialog.getByRole('button', { name: 'Save 1 template' }).click();
  await expect(dialog.getByTestId('import-report')).toContainText('Imported 1 template as drafts');
  const list = await call<TemplateList>(app, 'templates:list', { scope: 'mine', search: zipName });
  expect(list.templates.map((t) => t.name)).toEqual([zipName]);
  await call(app, 'templates:delete', { id: list.templates[0]?.id ?? '' });
});

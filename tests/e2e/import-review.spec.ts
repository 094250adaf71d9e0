import { join } from 'node:path';
import { call, expect, test, type ServedApp, openImportDialog } from './app-fixture';

const docs = join(import.meta.dirname, '..', '..', 'docs');

/**
 * A Portainer list as long as the one people import (137 entries): 120 container templates, 12
 * stacks using `extends` (which blocks saving until fixed in the editor) and 5 Windows containers
 * (refused). Titles carry a prefix so the spec finds, and deletes, exactly what it saved.
 */
const images = ['nginx:1.27-alpine', 'redis:7.4-alpine', 'mariadb:11.4', 'ghcr.io/example/notes:2.1.0'];
const list = JSON.stringify({
  version: '2',
  templates: Array.from({ length: 137 }, (_, i) => {
    if (i % 11 === 5 && i < 132)
      return {
        type: 3,
        title: `Review broken ${i}`,
        stackfile_content: 'services:\n  app:\n    image: nginx:1.27-alpine\n    extends: {service: base}\n',
      };
    if (i >= 132)
      return { type: 1, title: `Review IIS ${i}`, platform: 'windows', image: 'mcr.microsoft.com/iis' };
    const image = images[i % images.length] ?? 'nginx:1.27-alpine';
    const title = `Review ${image.split(/[/:]/).at(-2)} ${i}`;
    // Every "notes" app asks for another service's API key and runs privileged: a value to type, a finding to accept.
    const extra = image.includes('notes')
      ? { env: [{ name: 'DD_API_KEY', label: 'Datadog API key' }], privileged: true }
      : {};
    return { type: 1, title, image, ports: ['8080/tcp'], ...extra };
  }),
});

async function deleteSaved(app: ServedApp): Promise<void> {
  const mine = await call<{ templates: { id: string; name: string }[] }>(app, 'templates:list', {
    scope: 'mine',
  });
  for (const template of mine.templates.filter((t) => t.name.startsWith('Review ')))
    await call(app, 'templates:delete', { id: template.id });
}

test('review a 137-template Portainer list: summary, filters, picks, then save the picked ones', async ({
  page,
  app,
}) => {
  const dialog = await openImportDialog(page, app, {
    name: 'templates.json',
    mimeType: 'application/json',
    buffer: Buffer.from(list),
  });
  await dialog.getByRole('button', { name: 'Review', exact: true }).click();
  const review = dialog.getByTestId('import-review');
  await expect(
    review.getByRole('heading', { name: '120 can be saved, 12 need fixing, 5 refused' }),
  ).toBeVisible();
  await expect(review).toContainText('120 of 132 picked');
  await expect(
    review.getByRole('article', { name: 'Review broken 5', exact: true }).getByRole('checkbox'),
  ).toBeDisabled();
  await page.screenshot({ path: join(docs, 'import-review.png') });

  const notes = review.getByRole('article', { name: 'Review notes 3', exact: true });
  await expect(notes).toContainText('To fill in at deploy: Datadog API key (password)');
  await expect(notes).toContainText('You will be asked to accept');

  const filters = review.getByRole('group', { name: 'Which templates to show' });
  await filters.getByText('Need a yes at deploy', { exact: true }).click();
  await expect(review.getByRole('article')).toHaveCount(30);
  await filters.getByText('Need fixing', { exact: true }).click();
  await expect(review.getByRole('article')).toHaveCount(12);
  await expect(review.getByRole('button', { name: 'Fix Review broken 16 in the editor' })).toBeVisible();
  await filters.getByText('All', { exact: true }).click();
  await review.getByRole('searchbox', { name: 'Search the templates' }).fill('redis');
  await expect(review.getByRole('article')).toHaveCount(30);
  await review.getByRole('button', { name: 'Pick none of those shown' }).click();
  await expect(review).toContainText('90 of 132 picked');
  await review.getByText(/entries of the file did not become a template/).click();
  await expect(review.getByRole('row').filter({ hasText: 'Review IIS 133' })).toContainText('Windows');

  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const asking = page.getByRole('dialog', { name: 'Close without saving?' });
  await expect(asking).toContainText('The 90 picked templates are not saved yet');
  await asking.getByRole('button', { name: 'Cancel' }).click();
  await expect(asking).toBeHidden();
  await dialog.getByRole('button', { name: 'Save 90 templates', exact: true }).click();
  await expect(dialog.getByTestId('import-report')).toContainText('Imported 90 templates as drafts');
  const mine = await call<{ templates: { name: string }[] }>(app, 'templates:list', {
    scope: 'mine',
    search: 'Review',
  });
  expect(mine.templates.filter((t) => t.name.includes('redis'))).toEqual([]);
  await deleteSaved(app);
});

test('a file in another format says so in the review and saves nothing', async ({ page, app }) => {
  const dialog = await openImportDialog(page, app);
  await dialog.getByLabel('Format').selectOption('portainer');
  await dialog.getByLabel('Content to import').fill('services:\n  web:\n    image: nginx:1.27-alpine\n');
  await dialog.getByRole('button', { name: 'Review', exact: true }).click();
  const review = dialog.getByTestId('import-review');
  await expect(
    review.getByRole('heading', { name: 'Nothing in this file can become a template' }),
  ).toBeVisible();
  await expect(review.getByRole('alert')).not.toBeEmpty();
  await expect(dialog.getByRole('button', { name: /^Save / })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(dialog.getByLabel('Content to import')).toHaveValue(/nginx/);
});

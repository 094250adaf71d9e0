import type { Page } from '@playwright/test';
import { expect, test, openImportDialog } from './app-fixture';

const cards = (page: Page) => page.getByTestId('template-card');
const cardNames = (page: Page) =>
  page.locator('[data-testid="template-card"] .template-name').allTextContents();
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search templates' });

const priceOf = (text: string): number => (text === 'Free' ? 0 : Number(/\$([\d.]+)/.exec(text)?.[1]));

test.describe.configure({ mode: 'serial' });

test('browse, search, filter by category, sort and open a built-in template', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Marketplace' }).click();
  await expect(page.getByRole('heading', { name: 'Marketplace' })).toBeVisible();
  await expect(cards(page).first()).toBeVisible();
  expect(await cards(page).count()).toBeGreaterThanOrEqual(25);

  await search(page).fill('wordpress');
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toContainText('WordPress');
  await search(page).fill('no template is called this');
  await expect(page.getByRole('heading', { name: 'No templates match' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(search(page)).toHaveValue('');

  await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'Analytics' }).click();
  await expect(cards(page).filter({ hasText: 'Metabase' })).toHaveCount(1);
  await expect(cards(page).filter({ hasText: 'WordPress' })).toHaveCount(0);
  for (const card of await cards(page).all()) await expect(card).toContainText('Analytics');
  await page.getByRole('group', { name: 'Category' }).getByRole('button', { name: 'All' }).click();

  const isSorted = <T>(values: T[], compare: (a: T, b: T) => number) =>
    values.every((value, index) => index === 0 || compare(values[index - 1]!, value) <= 0);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('price');
  await expect
    .poll(async () =>
      isSorted((await page.getByTestId('template-price').allTextContents()).map(priceOf), (a, b) => a - b),
    )
    .toBe(true);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('name');
  await expect
    .poll(async () =>
      isSorted(await cardNames(page), (a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    )
    .toBe(true);

  await search(page).fill('wordpress');
  await page.getByRole('button', { name: 'Open WordPress' }).click();
  await expect(page.getByRole('heading', { name: 'WordPress', level: 1 })).toBeVisible();
  await expect(page.getByTestId('services')).toContainText('wordpress');
  await expect(page.getByTestId('compose-view')).toContainText('services:');
  await expect(page.getByTestId('compose-view').locator('[data-token="key"]').first()).toBeVisible();
  await expect(page.getByTestId('detail-resources')).toContainText('CPU');
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);

  await page.goto(`${app.url.split('#')[0]}#/marketplace/tmpl_no-such-template`);
  await expect(page.getByRole('heading', { name: 'Template not found' })).toBeVisible();
});

const brokenCompose = `services:
  notes:
    image: ghcr.io/example/notes:1.4.2
    restart: unless-stopped
    environment:
      TITLE: \${UNDECLARED_TITLE}
    ports:
      - "3000"
`;

test('create a template with an error, fix it, publish it, and make a new version', async ({ page, app }) => {
  await page.goto(`${app.url}#/marketplace`);
  await page.getByRole('button', { name: 'New template' }).click();
  await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Team Notes');
  await expect(page.getByLabel('Slug')).toHaveValue('team-notes');
  await page.getByLabel('Description').fill('Shared notes for a small team.');
  await page.getByLabel('Tags (comma-separated)').fill('notes, wiki');
  await page.getByLabel('Price per month (USD)').fill('3');
  await page.getByLabel('Primary service').fill('notes');
  await page.getByLabel('Primary port').fill('3000');
  await page.getByRole('textbox', { name: 'Compose file' }).fill(brokenCompose);

  const firstError = page.getByTestId('validation-error').first();
  await expect(firstError).toContainText('line 6');
  await expect(firstError).toContainText('UNDECLARED_TITLE');
  await expect(page.locator('[data-error-line="6"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save draft' })).toBeDisabled();

  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByLabel('Variable name').fill('UNDECLARED_TITLE');
  await page.getByLabel('Variable label').fill('Title');
  await page.getByLabel('Variable default').fill('Our notes');
  await expect(page.getByTestId('validation').getByRole('status')).toHaveText(/^Valid/);
  await expect(page.locator('[data-error-line]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save draft' }).click();

  await expect(page.getByRole('heading', { name: 'Team Notes', level: 1 })).toBeVisible();
  await expect(page.getByTestId('versions')).toContainText('1.0.0');
  await expect(page.getByTestId('versions')).toContainText('draft');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Unpublish' })).toBeVisible();

  await page.getByRole('button', { name: '← All templates' }).click();
  await search(page).fill('team notes');
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).first()).toContainText('You charge $3.00/mo');
  await cards(page).first().getByRole('button').click();

  await page.getByRole('button', { name: 'New version' }).click();
  await expect(page.getByRole('heading', { name: 'New version of Team Notes' })).toBeVisible();
  await expect(page.getByLabel('Version')).toHaveValue('1.0.1');
  await page.getByLabel('Description').fill('Shared notes for a small team, now with a changelog.');
  await expect(page.getByTestId('validation').getByRole('status')).toHaveText(/^Valid/);
  await page.getByRole('button', { name: 'Save draft' }).click();

  const versions = page.getByTestId('versions');
  await expect(versions.getByRole('listitem')).toHaveCount(2);
  await expect(versions.getByRole('listitem').filter({ hasText: '1.0.1' })).toContainText('draft');
  await expect(versions.getByRole('listitem').filter({ hasText: '1.0.0' })).toContainText('published');

  await page.getByRole('button', { name: '← All templates' }).click();
  await page.getByText('My templates', { exact: true }).click();
  await search(page).fill('team notes');
  await expect(cards(page).first()).toContainText('v1.0.1');
  await expect(cards(page).first()).toContainText('Draft');
});

test('import a plain compose file: review what was taken or changed, then save it', async ({ page, app }) => {
  const dialog = await openImportDialog(page, app, {
    name: 'uptime-kuma.yml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(
      'services:\n  uptime:\n    image: louislam/uptime-kuma:1.23.16\n    ports:\n      - "3001:3001"\n    volumes:\n      - data:/app/data\nvolumes:\n  data: {}\n',
    ),
  });
  await expect(dialog.getByLabel('Content to import')).toHaveValue(/louislam\/uptime-kuma/);
  await dialog.getByRole('button', { name: 'Review', exact: true }).click();
  const review = dialog.getByTestId('import-review');
  await expect(review.getByRole('heading', { name: '1 can be saved' })).toBeVisible();
  const card = review.getByRole('article');
  await expect(card).toHaveCount(1);
  await expect(card.getByRole('checkbox')).toBeChecked();
  await card.getByText(/What the import did/).click();
  await expect(card.getByRole('row').filter({ hasText: 'restart' })).toContainText('changed');
  await dialog.getByRole('button', { name: 'Save 1 template', exact: true }).click();
  const report = dialog.getByTestId('import-report');
  await expect(report).toContainText('Imported 1 template as drafts');
  await report.getByRole('button', { name: /^Open / }).click();
  await expect(page.getByTestId('services')).toContainText('louislam/uptime-kuma:1.23.16');
  await expect(page.getByText('Imported', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Deploy', exact: true })).toBeDisabled();
});

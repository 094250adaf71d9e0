import { expect, test } from './app-fixture';

test('the settings page shows this installation and keeps the chosen theme across a reload', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(page.getByTestId('schema-version')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByText(app.dataDir, { exact: true })).toBeVisible();
  await expect(page.getByTestId('keychain-status')).toHaveText(/^Reachable/);

  await page.getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();

  await page.getByText('Light', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.restart();
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the API refuses a request without the token', async ({ request, app }) => {
  const origin = new URL(app.url).origin;
  const response = await request.post(`${origin}/api/settings:update`, {
    data: { appearance: { theme: 'dark' } },
  });
  expect(response.status()).toBe(401);
});

test('the desktop app section keeps "keep running in the background" and "start at login" as chosen', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Desktop app' });
  await expect(section.getByText('These apply to the installed desktop app')).toBeVisible();
  const keep = section.getByRole('checkbox', {
    name: 'Keep running in the background when the window is closed',
  });
  const atLogin = section.getByRole('checkbox', { name: 'Start at login, in the tray' });
  await expect(keep).toBeChecked();
  await expect(atLogin).toBeChecked();
  // A controlled box: it turns once the core has the new setting.
  await atLogin.click();
  await expect(atLogin).not.toBeChecked();
  await page.reload();
  await expect(atLogin).not.toBeChecked();
  await expect(keep).toBeChecked();
  await atLogin.click();
  await expect(atLogin).toBeChecked();
});

import { call, expect, test } from './app-fixture';

test('settings show the monitoring rate now and keep the choice for when on battery or hidden', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByTestId('sampling-settings');
  await expect(section.getByTestId('sampling-rate')).toHaveText(
    'Now: every 5 s for what is on screen, every 60 s for the rest.',
  );
  await expect(section.getByRole('radio', { name: 'Sample 4× less often' })).toBeChecked();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/monitoring-rate.png', fullPage: true });

  await section.getByText('Pause stats (logs still collected)', { exact: true }).click();
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Pause stats (logs still collected)' })).toBeChecked();
  // The page is visible and the host runs on mains: the choice waits for the user to be away.
  await expect(page.getByTestId('sampling-rate')).toHaveText(/^Now: every 5 s for what is on screen/);

  await call(app, 'settings:update', { monitoring: { awaySampling: 'slower' } });
});

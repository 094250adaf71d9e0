import { randomBytes } from 'node:crypto';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe-server';
import { test as base, expect } from './app-fixture';

const restrictedKey = `rk_test_${randomBytes(16).toString('hex')}`;

// The host talks to a local fake Stripe: this spec gets a host of its own with HOSTER_STRIPE_API_BASE.
const test = base.extend<object, { stripe: FakeStripe }>({
  stripe: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const fake = await startFakeStripe({
        keys: [{ key: restrictedKey, permissions: ['checkout_session_write', 'event_read'] }],
      });
      await use(fake);
      await fake.stop();
    },
    { scope: 'worker' },
  ],
  appEnv: [async ({ stripe }, use) => use({ HOSTER_STRIPE_API_BASE: stripe.url }), { scope: 'worker' }],
});

test('a customer is invoiced, pays through Stripe Checkout, and the invoice shows paid', async ({
  page,
  app,
  stripe,
}) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Billing' }).click();
  const sections = page.getByRole('navigation', { name: 'Billing sections' });

  await sections.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Restricted key').fill(restrictedKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('stripe-status')).toContainText('Test mode');
  await expect(page.getByTestId('stripe-status')).toContainText(
    `Restricted key ending in ${restrictedKey.slice(-4)}`,
  );
  await expect(page.getByLabel('Replace the key')).toHaveValue('');

  await sections.getByRole('button', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'New customer' });
  await form.getByLabel('Name').fill('Acme Ltd');
  await form.getByLabel('Email').fill('ap@acme.test');
  await form.getByLabel('Tax rate (%)').fill('10');
  await form.getByRole('button', { name: 'Add customer' }).click();
  await expect(
    page.getByRole('table', { name: 'Customers' }).getByRole('row', { name: /Acme Ltd/ }),
  ).toContainText('10 %');

  await sections.getByRole('button', { name: 'Invoices' }).click();
  await page.getByLabel('New invoice for').selectOption({ label: 'Acme Ltd' });
  await page.getByRole('button', { name: 'New invoice', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Draft invoice' })).toBeVisible();
  const items = page.getByRole('form', { name: 'Add an item' });
  await items.getByLabel('Description').fill('Server setup');
  await items.getByLabel('Quantity').fill('2');
  await items.getByLabel('Unit price (USD)').fill('50');
  await items.getByRole('button', { name: 'Add item' }).click();
  await expect(page.getByTestId('invoice-total')).toHaveText(/110\.00/);
  await items.getByLabel('Kind').selectOption('discount');
  await items.getByLabel('Description').fill('Loyalty');
  await items.getByLabel('Amount off (USD)').fill('10');
  await items.getByRole('button', { name: 'Add discount' }).click();
  await expect(page.getByTestId('invoice-total')).toHaveText(/99\.00/);

  await page.getByRole('button', { name: 'Open invoice' }).click();
  const confirmOpen = page.getByRole('dialog', { name: 'Open this invoice?' });
  await expect(confirmOpen).toContainText('its items can no longer be changed');
  await confirmOpen.getByRole('button', { name: 'Open invoice' }).click();
  await expect(page.getByRole('heading', { name: /^Invoice INV-\d{4}-0001$/ })).toBeVisible();
  await expect(page.getByTestId('invoice-status')).toHaveText('Open');
  await page.getByRole('button', { name: 'Create payment link' }).click();
  const link = page.getByTestId('payment-url');
  await expect(link).toHaveValue(new RegExp(`^${stripe.url}/pay/cs_test_`));
  expect(stripe.sessions.size).toBe(1);

  // The customer opens the link and pays on the (fake) Stripe Checkout page.
  const [checkout] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Open link' }).click(),
  ]);
  await checkout.getByRole('button', { name: 'Pay 99.00 USD' }).click();
  await expect(checkout.getByText('Payment received')).toBeVisible();
  await checkout.close();

  // Returning from checkout proves nothing; only Stripe's answer does.
  await expect(page.getByTestId('invoice-status')).toHaveText('Open');
  await page.getByRole('button', { name: 'Check payment now' }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Paid');
  await expect(page.getByTestId('paid-note')).toContainText('(test mode)');
  expect(stripe.sessions.size).toBe(1);

  await page.getByRole('button', { name: '← All invoices' }).click();
  await expect(
    page.getByRole('table', { name: 'Invoices' }).getByRole('row', { name: /INV-\d{4}-0001/ }),
  ).toContainText('Paid');

  await sections.getByRole('button', { name: 'Usage' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^hoster-usage-\d{4}-\d{2}\.csv$/);

  // The key reached the keychain and nothing else: not the page, its storage, nor the host's log.
  const rendererState =
    (await page.content()) +
    String(await page.evaluate('JSON.stringify({ ...sessionStorage, ...localStorage })'));
  expect(rendererState).not.toContain(restrictedKey.slice(8));
  expect(app.output()).not.toContain(restrictedKey.slice(8));
});

/**
 * Billing sees real deployments: a customer made on the Billing page, a deployment made for them
 * through the deploy dialog onto rig node 1, its running time metered month to date, and the customer
 * kept from deletion while the deployment exists.
 */
import { busyboxTemplate } from '../helpers/busybox-template';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, expect, test } from './app-fixture';

const rig = loadRig();

test('a deployment made for a customer is metered as theirs and keeps them from being deleted', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  const template = await call<{ summary: { id: string } }>(
    app,
    'templates:create',
    busyboxTemplate(rig.images.local, { slug: 'billing-pair' }),
  );
  await call(app, 'templates:publish', { id: template.summary.id, version: '1.0.0' });

  await page.goto(app.url);
  await page.getByRole('button', { name: 'Billing' }).click();
  const sections = page.getByRole('navigation', { name: 'Billing sections' });
  await sections.getByRole('button', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByRole('form', { name: 'New customer' });
  await form.getByLabel('Name').fill('Globex');
  await form.getByLabel('Email').fill('ap@globex.test');
  await form.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('table', { name: 'Customers' })).toContainText('Globex');

  await page.getByRole('button', { name: 'Marketplace' }).click();
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('busybox pair');
  await page.getByRole('button', { name: 'Open Busybox pair' }).click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByLabel('Customer (optional, for billing)').selectOption({ label: 'Globex' });
  await page.getByText('Private (recommended)').click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect
    .poll(
      async () =>
        (await call<{ status: string; customerId: string | null }[]>(app, 'deployments:list', {})).map(
          (d) => d.status,
        ),
      { timeout: 120_000 },
    )
    .toEqual(['running']);
  const [deployment] = await call<{ id: string; name: string }[]>(app, 'deployments:list', {});

  await page.getByRole('button', { name: 'Billing' }).click();
  await sections.getByRole('button', { name: 'Overview' }).click();
  const perDeployment = page.getByRole('table', { name: 'Month to date per deployment' });
  const row = perDeployment.getByRole('row', { name: new RegExp(deployment!.name) });
  await expect(row).toContainText('Globex');
  await expect(row).toContainText('running');
  await expect(row).toContainText('$3.00');
  await expect(page.getByRole('table', { name: 'Month to date per customer' })).toContainText('Globex');

  await sections.getByRole('button', { name: 'Customers' }).click();
  const globex = page.getByRole('table', { name: 'Customers' }).getByRole('row', { name: /Globex/ });
  await globex.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alert')).toContainText('Globex still has 1 deployment');

  await call(app, 'deployments:delete', { id: deployment!.id, deleteData: true });
  await expect
    .poll(async () => (await call<unknown[]>(app, 'deployments:list', {})).length, { timeout: 60_000 })
    .toBe(0);
  await globex.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('table', { name: 'Customers' })).not.toContainText('Globex');
});

/**
 * Customers after the fact (issue #13, item 6): a deployment made with no customer is assigned to one
 * from its own page, shows on that customer's Billing page, is removed from them there (after a
 * confirmation) and assigned again; each change is checked through the API, where metering splits
 * at the moment of the change.
 */
import type { Page } from '@playwright/test';
import { PERSONAL_CUSTOMER_ID } from '../../src/shared/contract/billing-model';
import { busyboxTemplate } from '../helpers/busybox-template';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, deleteDeployment, deployRunning, expect, test, type ServedApp } from './app-fixture';

const rig = loadRig();
const NAME = 'assign-later';

interface Interval {
  customerId: string;
  endedAt: string | null;
}

/** Who the deployment's newest two metered intervals belong to, and whether each is still open. */
async function latestIntervals(app: ServedApp, deploymentId: string) {
  const intervals = await call<Interval[]>(app, 'billing:usage', { deploymentId });
  return intervals.slice(0, 2).map((i) => [i.customerId, i.endedAt === null ? 'open' : 'closed']);
}

const customerOf = async (app: ServedApp, id: string) =>
  (await call<{ customerId: string | null }>(app, 'deployments:get', { id })).customerId;

async function deployWithoutCustomer(app: ServedApp): Promise<string> {
  const node = await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  const template = busyboxTemplate(rig.images.local, { slug: 'assign-later-pair' });
  const { deploymentId } = await deployRunning(app, { template, name: NAME, nodeId: node.id });
  return deploymentId;
}

async function assignFromDeploymentPage(page: Page, app: ServedApp, deploymentId: string) {
  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  const customer = page.getByTestId('deployment-detail').getByTestId('deployment-customer');
  await expect(customer).toHaveText('No customer');
  await page.getByRole('button', { name: 'Change customer' }).click();
  const dialog = page.getByRole('dialog', { name: `Customer of ${NAME}` });
  await expect(dialog.getByTestId('customer-metering')).toHaveText(
    'Metering for the new customer starts now; the running time before now stays with no customer.',
  );
  await dialog.getByRole('combobox', { name: 'Customer' }).selectOption({ label: 'Initech' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(customer).toHaveText('Initech');
}

test('a deployment gets a customer after the fact, loses it and gets it back, metered from each change', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  const initech = await call<{ id: string }>(app, 'customers:create', {
    name: 'Initech',
    email: 'ap@initech.test',
  });
  const deploymentId = await deployWithoutCustomer(app);
  try {
    await assignFromDeploymentPage(page, app, deploymentId);
    expect(await customerOf(app, deploymentId)).toBe(initech.id);
    expect(await latestIntervals(app, deploymentId)).toEqual([
      [initech.id, 'open'],
      [PERSONAL_CUSTOMER_ID, 'closed'],
    ]);

    await page.getByRole('button', { name: 'Billing' }).click();
    await page
      .getByRole('navigation', { name: 'Billing sections' })
      .getByRole('button', { name: 'Customers' })
      .click();
    await page.getByRole('table', { name: 'Customers' }).getByRole('button', { name: 'Initech' }).click();
    const assigned = page.getByRole('table', { name: 'Deployments of Initech' });
    await expect(assigned.getByRole('row', { name: new RegExp(NAME) })).toContainText('running');

    await assigned.getByRole('button', { name: `Remove ${NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Remove ${NAME} from Initech?` });
    await expect(confirm).toContainText(`The time it ran until now stays with Initech.`);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('No deployment is assigned to Initech.')).toBeVisible();
    expect(await customerOf(app, deploymentId)).toBeNull();
    expect(await latestIntervals(app, deploymentId)).toEqual([
      [PERSONAL_CUSTOMER_ID, 'open'],
      [initech.id, 'closed'],
    ]);

    const assign = page.getByRole('form', { name: 'Assign a deployment' });
    await assign.getByRole('combobox', { name: 'Assign a deployment' }).selectOption({ label: NAME });
    await assign.getByRole('button', { name: 'Assign' }).click();
    await expect(assigned.getByRole('row', { name: new RegExp(NAME) })).toBeVisible();
    await expect(page.getByText('Every deployment has a customer.')).toBeVisible();
    expect(await customerOf(app, deploymentId)).toBe(initech.id);
    expect((await latestIntervals(app, deploymentId))[0]).toEqual([initech.id, 'open']);
  } finally {
    await deleteDeployment(app, deploymentId);
  }
});

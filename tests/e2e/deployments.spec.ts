/**
 * Deploy from the marketplace through the UI onto rig node 1 (real sshd, real dockerd): watch the
 * progress, open the app through the SSH tunnel, delete it with its data, and prove through the
 * Docker API that nothing labelled with the deployment is left on the node.
 */
import { join } from 'node:path';
import Docker from 'dockerode';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, expect, test } from './app-fixture';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const PAGE_TEXT = 'served by content, relayed by web';
const UPDATED_TEXT = 'revision two, relayed by web';
const screenshotPath = join(import.meta.dirname, '..', '..', 'docs', 'screenshot.png');

const compose = `services:
  content:
    image: ${rig.images.local}
    command: ["sh", "-c", "mkdir -p /www && echo \\"$$PAGE_TEXT\\" > /www/index.html && exec httpd -f -p 8080 -h /www"]
    environment:
      PAGE_TEXT: \${PAGE_TEXT}
      SESSION_KEY: \${SESSION_KEY}
    volumes:
      - data:/data
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"]
      interval: 1s
      timeout: 2s
      retries: 30
  web:
    image: ${rig.images.local}
    command: ["sh", "-c", "mkdir -p /www && wget -q -O /www/index.html http://content:8080/index.html && exec httpd -f -p 80 -h /www"]
    depends_on:
      content:
        condition: service_healthy
    ports:
      - "80"
    restart: unless-stopped
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:80/"]
      interval: 1s
      timeout: 2s
      retries: 30
volumes:
  data: {}
`;

const manifest = {
  name: 'Relay Page',
  slug: 'relay-page',
  version: '1.0.0',
  description: 'Two busybox services: one writes a page, the other fetches it by its alias and serves it.',
  category: 'web',
  icon: 'globe',
  price_monthly_cents: 0,
  resources: { cpu_cores: 0.1, memory_mb: 64, disk_mb: 16 },
  primary: { service: 'web', port: 80 },
  variables: [{ name: 'PAGE_TEXT', label: 'Page text', type: 'text', required: true }],
  secrets: [{ name: 'SESSION_KEY', kind: 'uuid' }],
  notes: 'The web service serves the page the content service wrote.',
};

const labelled = async (deploymentId: string) => {
  const filters = { label: [`dev.hoster.deployment=${deploymentId}`] };
  return {
    containers: (await docker.listContainers({ all: true, filters })).map((c) => c.Names[0]),
    networks: (await docker.listNetworks({ filters })).map((n) => n.Name),
    volumes: (await docker.listVolumes({ filters })).Volumes.map((v) => v.Name),
  };
};

test('deploy from the marketplace, watch it start, open it, update it, and delete it with its data', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  const added = await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  expect(added.status).toBe('online');
  const template = await call<{ summary: { id: string } }>(app, 'templates:create', { manifest, compose });
  await call(app, 'templates:publish', { id: template.summary.id, version: '1.0.0' });

  await page.goto(`${app.url}#/marketplace`);
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('relay page');
  await page.getByRole('button', { name: 'Open Relay Page' }).click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Deploy Relay Page' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(
    /^relay-page-[a-z0-9]{4}$/,
  );
  // Other spec files share this app and may have added nodes of their own: pick ours explicitly.
  await page.getByRole('combobox', { name: 'Node', exact: true }).selectOption(added.id);
  await expect(page.getByRole('combobox', { name: 'Node', exact: true })).toHaveValue(added.id);
  await expect(page.getByTestId('generated-secrets')).toContainText('SESSION_KEY');
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await expect(page.getByText('Page text is required.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Page text' }).fill(PAGE_TEXT);
  await page.getByText('Private (recommended)').click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();

  await expect(page).toHaveURL(/#\/deployments\/[0-9a-f-]{36}$/);
  const deploymentId = decodeURIComponent(page.url().split('/').pop() ?? '');
  const detail = page.getByTestId('deployment-detail');
  await expect(detail.getByTestId('progress-feed')).toBeVisible();
  await expect(detail.getByTestId('deployment-status')).toHaveAttribute('data-status', 'running', {
    timeout: 90_000,
  });
  await expect(detail.getByTestId('progress-feed')).toHaveCount(0);
  await expect(detail.getByTestId('transitions')).toContainText('all containers ready');
  await expect(detail.getByRole('toolbar', { name: 'Deployment actions' }).getByRole('button')).toHaveText([
    'Open app',
    'Stop',
    'Restart',
    'Update…',
    'Delete…',
  ]);
  await expect(detail.getByTestId('ports')).toContainText('web');

  const popup = page.waitForEvent('popup');
  await detail.getByRole('button', { name: 'Open app' }).click();
  const appPage = await popup;
  await expect(appPage.locator('body')).toContainText(PAGE_TEXT);
  await appPage.close();
  const url = await detail.getByTestId('app-url').getAttribute('href');
  expect(await (await fetch(url ?? '')).text()).toBe(`${PAGE_TEXT}\n`);

  await detail.getByRole('button', { name: 'Update…' }).click();
  const update = page.getByRole('dialog', { name: /^Update relay-page-/ });
  await expect(update.getByRole('textbox', { name: 'Page text' })).toHaveValue(PAGE_TEXT);
  await expect(update.getByTestId('update-impact')).toHaveText(/^The app (stays up|stops while it updates)/);
  await update.getByRole('textbox', { name: 'Page text' }).fill(UPDATED_TEXT);
  await update.getByRole('button', { name: 'Update', exact: true }).click();
  await expect(update).toHaveCount(0);
  await expect(detail.getByTestId('revisions').getByRole('row')).toHaveCount(3, { timeout: 60_000 });
  await expect(detail.getByTestId('revisions')).toContainText('superseded', { timeout: 60_000 });
  await expect(detail.getByTestId('deployment-status')).toHaveAttribute('data-status', 'running');
  await expect(
    detail.getByRole('figure', { name: 'Variables and images' }).getByTestId('diff-lines'),
  ).toContainText(`+ PAGE_TEXT=${UPDATED_TEXT}`);
  await expect(detail.getByRole('button', { name: 'Roll back' })).toBeVisible();
  expect(await (await fetch(url ?? '')).text()).toBe(`${UPDATED_TEXT}\n`);
  await page.screenshot({ path: screenshotPath });

  await page.getByRole('button', { name: '← All deployments' }).click();
  const row = page.getByTestId('deployment-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('deployment-status')).toHaveText('running');
  await expect(row).toContainText('Relay Page 1.0.0');
  await expect(row).toContainText('rig node 1');
  await row.getByRole('button', { name: /^relay-page-/ }).click();

  await detail.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete relay-page-/ });
  await expect(dialog.getByTestId('volumes')).toContainText('_data');
  await dialog.getByLabel('Also delete data').check();
  await dialog.getByRole('button', { name: 'Delete deployment' }).click();

  await expect(page).toHaveURL(/#\/deployments$/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'No deployments yet' })).toBeVisible();
  expect(await labelled(deploymentId)).toEqual({ containers: [], networks: [], volumes: [] });
});

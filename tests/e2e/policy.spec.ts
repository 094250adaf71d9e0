/**
 * The safety policy as a user meets it: the deploy form lists what a template hands its containers of
 * the node and deploys only after a yes; an update that asks for more lists exactly what is new in the
 * update dialog and goes ahead only after a yes to that. Real node (sshd, dockerd), real Chromium.
 */
import Docker from 'dockerode';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, expect, test } from './app-fixture';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });

const composeFor = (extra: string) => `services:
  web:
    image: ${rig.images.local}
    command: ["sh", "-c", "mkdir -p /www && echo policy > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["80"]
    restart: unless-stopped
    stop_grace_period: 1s
    cap_add: [CHOWN]
${extra}`;

const manifest = (version: string) => ({
  name: 'Policy Probe',
  slug: 'policy-probe',
  version,
  description: 'A web server that asks for a capability, and in 2.0.0 for the node’s Docker socket.',
  category: 'web',
  icon: 'globe',
  price_monthly_cents: 0,
  resources: { cpu_cores: 0.1, memory_mb: 32, disk_mb: 8 },
  primary: { service: 'web', port: 80 },
});

test('the deploy form and the update dialog ask for a yes to exactly what reaches into the node', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const node = await addRigNode(apiOf(app), rig, 1, 'policy node');
  const template = await call<{ summary: { id: string } }>(app, 'templates:create', {
    manifest: manifest('1.0.0'),
    compose: composeFor(''),
  });
  const templateId = template.summary.id;
  await call(app, 'templates:publish', { id: templateId, version: '1.0.0' });

  await page.goto(`${app.url}#/marketplace`);
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('policy probe');
  await page.getByRole('button', { name: 'Open Policy Probe' }).click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('combobox', { name: 'Node', exact: true }).selectOption(node.id);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('probe');

  const consent = page.getByTestId('policy-consent');
  await expect(consent).toContainText('web: adds the CHOWN capability.');
  await expect(consent).toContainText('services.web.cap_add[0]');
  const deploy = page.getByRole('button', { name: 'Deploy', exact: true });
  await expect(deploy).toBeDisabled();
  await consent.getByRole('checkbox').check();
  await deploy.click();

  await expect(page).toHaveURL(/#\/deployments\/[0-9a-f-]{36}$/);
  const deploymentId = decodeURIComponent(page.url().split('/').pop() ?? '');
  const detail = page.getByTestId('deployment-detail');
  await expect(detail.getByTestId('deployment-status')).toHaveAttribute('data-status', 'running', {
    timeout: 90_000,
  });

  // Version 2.0.0 also mounts the node's own Docker socket (a path only the node's setting names).
  await call(app, 'templates:update', {
    id: templateId,
    manifest: manifest('2.0.0'),
    compose: composeFor(`    volumes: ["${node.dockerSocket}:/engine.sock"]\n`),
  });
  await call(app, 'templates:publish', { id: templateId, version: '2.0.0' });

  const containersBefore = (
    await docker.listContainers({ all: true, filters: { label: [`dev.hoster.deployment=${deploymentId}`] } })
  ).map((c) => c.Id);
  await detail.getByRole('button', { name: 'Update…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Update probe' });
  await dialog.getByRole('combobox', { name: 'Template version' }).selectOption('2.0.0');
  await dialog.getByRole('button', { name: 'Update', exact: true }).click();
  const asked = dialog.getByTestId('policy-consent');
  await expect(asked).toContainText(`web: mounts ${node.dockerSocket}`);
  await expect(asked).not.toContainText('CHOWN');
  await page.screenshot({ path: test.info().outputPath('update-asks.png') });
  const accept = dialog.getByRole('button', { name: 'Accept and update' });
  await expect(accept).toBeDisabled();
  const unchanged = await docker.listContainers({
    all: true,
    filters: { label: [`dev.hoster.deployment=${deploymentId}`] },
  });
  expect(unchanged.map((c) => c.Id)).toEqual(containersBefore);

  await asked.getByRole('checkbox').check();
  await accept.click();
  await expect(dialog).toHaveCount(0);
  await expect(detail.getByTestId('revisions')).toContainText('superseded', { timeout: 60_000 });
  await expect(detail.getByTestId('deployment-status')).toHaveAttribute('data-status', 'running');
  await expect(detail).toContainText('2.0.0');

  await call(app, 'deployments:delete', { id: deploymentId, deleteData: true });
  await expect(page).toHaveURL(/#\/deployments$/, { timeout: 60_000 });
});

/**
 * A template asking for the node's GPUs, as a user meets it: the deploy form asks for a yes to the
 * GPU access, and on a node without GPU support for Docker (the rig's, like this machine, has no GPU)
 * the failed deploy says what to install. Real node (sshd, dockerd), real Chromium.
 */
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { apiOf, call, deleteDeployment, expect, test } from './app-fixture';

const rig = loadRig();

const template = {
  manifest: {
    name: 'GPU Probe',
    slug: 'gpu-probe',
    version: '1.0.0',
    description: 'A web server that asks for every GPU of the node, as a model server would.',
    category: 'other',
    icon: 'globe',
    price_monthly_cents: 0,
    resources: { cpu_cores: 0.1, memory_mb: 32, disk_mb: 8 },
    primary: { service: 'web', port: 80 },
  },
  compose: `services:
  web:
    image: ${rig.images.local}
    command: ["sh", "-c", "exec httpd -f -p 80 -h /"]
    ports: ["80"]
    restart: unless-stopped
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: all
              capabilities: [gpu]
`,
};

test('the deploy form asks for a yes to the GPUs, and a node without GPU support says what to install', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const node = await addRigNode(apiOf(app), rig, 1, 'gpu node');
  const created = await call<{ summary: { id: string } }>(app, 'templates:create', template);
  await call(app, 'templates:publish', { id: created.summary.id, version: '1.0.0' });

  await page.goto(`${app.url}#/marketplace`);
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('gpu probe');
  await page.getByRole('button', { name: 'Open GPU Probe' }).click();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('combobox', { name: 'Node', exact: true }).selectOption(node.id);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('gpu-probe');

  const consent = page.getByTestId('policy-consent');
  await expect(consent).toContainText(
    "web: uses the node's GPUs (nvidia, all of them): the container gets direct access to the graphics card.",
  );
  const deploy = page.getByRole('button', { name: 'Deploy', exact: true });
  await expect(deploy).toBeDisabled();
  await consent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/gpu-consent.png' });
  await consent.getByRole('checkbox').check();
  await deploy.click();

  await expect(page).toHaveURL(/#\/deployments\/[0-9a-f-]{36}$/);
  const deploymentId = decodeURIComponent(page.url().split('/').pop() ?? '');
  const detail = page.getByTestId('deployment-detail');
  await expect(detail.getByTestId('deployment-status')).toHaveAttribute('data-status', 'failed', {
    timeout: 90_000,
  });
  const error = detail.getByTestId('deployment-error');
  await expect(error).toContainText(
    "web asks for the node's GPUs, but the node has no GPU driver for Docker",
  );
  await expect(error).toContainText('NVIDIA Container Toolkit');
  await expect(error).toContainText('or remove the GPU request from the template.');
  await page.screenshot({ path: test.info().outputPath('gpu-failed.png') });

  await deleteDeployment(app, deploymentId);
});

/**
 * The node-outage journey of issue #13 as a user meets it: a private sshd node (127.0.0.22, stopped
 * and started again by this spec) drops off; the deployment shows unknown with what was last seen,
 * every action that needs the node is disabled with the reason (Delete offers to forget it here),
 * the core refuses a restart at once; the node comes back and the deployment is running again by
 * itself, with its billing interval unbroken. Stop asks first; a newer published version shows as
 * "update available" and is what the update dialog offers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyboxTemplate } from '../helpers/busybox-template';
import { startTestSshd } from '../helpers/sshd';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { call, deleteDeployment, deployRunning, expect, test, type ServedApp } from './app-fixture';

const rig = loadRig();
const NAME = 'outage';

async function deployOnPrivateNode(app: ServedApp, host: string, port: number, fingerprint: string) {
  const key = await call<{ id: string }>(app, 'keys:import', {
    name: 'outage key',
    privateKey: readFileSync(rig.clientKey.privateKeyPath, 'utf8'),
  });
  const { node } = await call<{ node: { id: string } }>(app, 'nodes:add', {
    name: 'outage node',
    host,
    port,
    user: 'root',
    keyId: key.id,
    dockerSocket: rig.dockerSocket,
    hostKeyFingerprint: fingerprint,
  });
  const template = busyboxTemplate(rig.images.local, { slug: 'outage-pair' });
  const { deploymentId, templateId } = await deployRunning(app, { template, name: NAME, nodeId: node.id });
  return { deploymentId, templateId, template };
}

test('a node that drops off and comes back: unknown with reasons, restart refused, running again by itself', async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  const dir = makeTempDir('hoster-e2e-outage-');
  const sshd = await startTestSshd({
    dir: join(dir.path, 'sshd'),
    host: '127.0.0.22',
    authorizedKeys: [rig.clientKey.publicKey],
    logLevel: 'ERROR',
  });
  let deploymentId = '';
  try {
    const deployed = await deployOnPrivateNode(app, sshd.host, sshd.port, sshd.hostKeyFingerprint());
    deploymentId = deployed.deploymentId;
    await page.goto(`${app.url}#/deployments/${deploymentId}`);
    const detail = page.getByTestId('deployment-detail');
    const status = detail.getByTestId('deployment-status');
    const toolbar = detail.getByRole('toolbar', { name: 'Deployment actions' });
    await expect(status).toHaveAttribute('data-status', 'running');

    await toolbar.getByRole('button', { name: 'Stop' }).click();
    const askStop = page.getByRole('dialog', { name: `Stop ${NAME}?` });
    await expect(askStop.getByTestId('action-consequence')).toHaveText(
      'web and content will stop; the app is down until you start it.',
    );
    await askStop.getByRole('button', { name: 'Cancel' }).click();
    await expect(status).toHaveAttribute('data-status', 'running');

    await sshd.stop();
    try {
      await expect(status).toHaveAttribute('data-status', 'unknown', { timeout: 30_000 });
      await expect(status).toHaveAttribute('data-last-known', 'running');
      await expect(status).toContainText('unknown — node unreachable since');
      await expect(detail.getByTestId('unreachable-reason')).toContainText(
        'outage node has been unreachable since',
      );
      for (const name of ['Open app', 'Stop', 'Restart', 'Update…']) {
        const button = toolbar.getByRole('button', { name });
        await expect(button).toBeDisabled();
        await expect(button).toHaveAttribute('title', /unreachable since .*try again when it is back/);
      }
      const started = Date.now();
      await expect(call(app, 'deployments:restart', { id: deploymentId })).rejects.toThrow(
        /outage node has been unreachable since .*; try again when it is back/,
      );
      expect(Date.now() - started).toBeLessThan(2000);

      await toolbar.getByRole('button', { name: 'Delete…' }).click();
      const forget = page.getByRole('dialog', { name: `Delete ${NAME}?` });
      await expect(forget.getByTestId('forget-warning')).toContainText(
        'Its containers, network and volumes stay on outage node',
      );
      await expect(forget.getByRole('button', { name: 'Forget it here' })).toBeEnabled();
      await forget.getByRole('button', { name: 'Cancel' }).click();
      // Operating the app waits for the node, saying why: its services, a terminal, its settings.
      const unreachable = /outage node has been unreachable since .*; try again when it is back/;
      await expect(
        page
          .getByTestId('service-row')
          .first()
          .getByRole('button', { name: /^Restart/ }),
      ).toBeDisabled();
      await expect(page.getByTestId('services-unreachable')).toContainText(unreachable);
      await expect(page.getByTestId('terminal-blocker')).toHaveText(unreachable);
      await expect(
        page.getByTestId('deployment-terminal').getByRole('button', { name: 'Open terminal' }),
      ).toBeDisabled();
      await expect(page.getByTestId('settings-blocker')).toHaveText(unreachable);
      await page.screenshot({ path: test.info().outputPath('node-unreachable.png'), fullPage: true });
    } finally {
      await sshd.start();
    }

    await expect(status).toHaveAttribute('data-status', 'running', { timeout: 90_000 });
    await expect(toolbar.getByRole('button', { name: 'Restart' })).toBeEnabled();
    await expect(detail.getByTestId('unreachable-reason')).toHaveCount(0);
    const usage = await call<{ endedAt: string | null }[]>(app, 'billing:usage', { deploymentId });
    expect(usage.map((interval) => interval.endedAt)).toEqual([null]);

    const next = { ...deployed.template, manifest: { ...deployed.template.manifest, version: '1.1.0' } };
    await call(app, 'templates:update', { id: deployed.templateId, ...next });
    await call(app, 'templates:publish', { id: deployed.templateId, version: '1.1.0' });
    await page.reload();
    await expect(detail.getByTestId('update-available')).toHaveText('update available: 1.1.0');
    await toolbar.getByRole('button', { name: 'Update…' }).click();
    const update = page.getByRole('dialog', { name: `Update ${NAME}` });
    await expect(update.getByRole('combobox', { name: 'Template version' })).toHaveValue('1.1.0');
    await expect(update.getByTestId('current-version')).toHaveText(
      'Running 1.0.0 now; 1.1.0 is the newest published version.',
    );
    await update.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    if (deploymentId) {
      const nodeId = (await call<{ nodeId: string }>(app, 'deployments:get', { id: deploymentId })).nodeId;
      await expect
        .poll(async () => (await call<{ status: string }>(app, 'nodes:get', { id: nodeId })).status, {
          timeout: 60_000,
        })
        .toBe('online');
      await deleteDeployment(app, deploymentId);
    }
    await sshd.stop();
    dir.remove();
  }
});

/**
 * Backups as a user meets them (issue #15): a running deployment with a database and a plain volume
 * has no backups yet; the user schedules daily backups, backs up now (progress with bytes and rate),
 * changes the app's data, and restores the backup from its row, confirming first: the old data is
 * back, and what it held before is in the list as a backup of its own. The fleet-wide Backups page
 * lists the deployment with its schedule and last result, and the repository with restic's version.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { backupTemplate } from '../helpers/backup-template';
import { addRigNode } from '../helpers/rig-node';
import { loadRig } from '../rig/rig';
import { formatBytes } from '../../src/renderer/src/components/format';
import { apiOf, call, deleteDeployment, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const NAME = `notes-${suffix}`;
const docs = join(import.meta.dirname, '..', '..', 'docs');
let deploymentId = '';

/** Runs a shell command in the deployment's service container, as someone using the app would change its data. */
async function shell(service: string, script: string): Promise<string> {
  const [container] = await docker.listContainers({
    filters: { label: [`${labels.deployment}=${deploymentId}`, `${labels.service}=${service}`] },
  });
  if (!container) throw new Error(`${service} is not running`);
  const exec = await docker.getContainer(container.Id).exec({ Cmd: ['sh', '-c', script], AttachStdout: true });
  const stream = await exec.start({ hijack: false, stdin: false });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  let text = '';
  for (let offset = 0; offset + 8 <= raw.length; offset += 8 + raw.readUInt32BE(offset + 4))
    text += raw.subarray(offset + 8, offset + 8 + raw.readUInt32BE(offset + 4)).toString('utf8');
  return text.trim();
}

test.afterAll(async () => {
  const filters = { label: [`${labels.deployment}=${deploymentId}`] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
  for (const v of (await docker.listVolumes({ filters })).Volumes) await docker.getVolume(v.Name).remove();
});

test('schedules backups, backs up now, and restores the old data from the UI', async ({ page, app }) => {
  test.setTimeout(240_000);
  const node = await addRigNode(apiOf(app), rig, 0, 'rig node 1');
  const template = backupTemplate(rig.images.local, { slug: `notes-${suffix}` });
  ({ deploymentId } = await deployRunning(app, { template, name: NAME, nodeId: node.id }));
  await shell('db', 'echo "first notes" > /data/db.txt');
  await shell('files', 'echo "first picture" > /files/picture.txt');

  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  const section = page.getByTestId('backups-section');
  await expect(section.getByRole('heading', { name: 'Backups', exact: true })).toBeVisible();
  await expect(section).toContainText('No backups yet');

  await section.getByLabel('Schedule', { exact: true }).selectOption('daily');
  await section.getByRole('button', { name: 'Save schedule' }).click();
  await expect(section.getByTestId('backup-schedule-state')).toContainText('Next backup');

  await section.getByRole('button', { name: 'Back up now' }).click();
  await expect(section.getByTestId('backup-outcome')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  const first = section.getByTestId('backup-row').first();
  await expect(first).toHaveAttribute('data-status', 'succeeded');
  await expect(first).toContainText('db');


  await shell('db', 'echo "notes written later" > /data/db.txt');
  await shell('files', 'echo "a later picture" > /files/picture.txt');

  await first.getByRole('button', { name: 'Restore' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('restore-consequence')).toContainText('backed up first');
  await dialog.getByRole('button', { name: 'Restore' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByTestId('backup-outcome')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  await expect(page.getByTestId('deployment-detail')).toContainText('running');
  expect(await shell('db', 'cat /data/db.txt')).toBe('first notes');
  expect(await shell('files', 'cat /files/picture.txt')).toBe('first picture');
  // What it held before the restore is a backup of its own.
  await expect(section.getByTestId('backup-row')).toHaveCount(2);
  await expect(section.getByTestId('backup-row').first()).toContainText('Before a restore');
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: join(docs, 'backups.png') });

  await page.getByRole('button', { name: 'Backups' }).click();
  const overview = page.getByTestId('backup-overview-row').filter({ hasText: NAME });
  await expect(overview).toContainText('Daily');
  await expect(overview).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('backup-repository-status')).toHaveText('ready');
  // The size shown is the repository's now, after the backups: what the core says it is.
  const { sizeBytes } = await call<{ sizeBytes: number }>(app, 'backups:repository', {});
  await expect(page.getByTestId('backups-page')).toContainText(`Size${formatBytes(sizeBytes)}`);
  await expect(page.getByTestId('backups-page')).toContainText(/restic\s*\d+\.\d+\.\d+ \S*restic/);
  await page.screenshot({ path: join(docs, 'backups-page.png'), fullPage: true });

  // The app is shared with the other specs of this worker: it is left without this deployment.
  await deleteDeployment(app, deploymentId);
});

/**
 * A terminal from the deployment page (issue #16): the user picks a service, opens a shell in its
 * container, types a command and reads its output in the terminal; a second session opens as a tab
 * beside the first; closing one asks first. A maintenance command of the template runs after a
 * confirmation and shows its output and exit code.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { addRigNode } from '../helpers/rig-node';
import { terminalTemplate } from '../helpers/terminal-template';
import { loadRig } from '../rig/rig';
import { apiOf, deleteDeployment, deployRunning, expect, test } from './app-fixture';

const rig = loadRig();
const suffix = randomBytes(3).toString('hex');
const docs = join(import.meta.dirname, '..', '..', 'docs');
const docker = new Docker({ socketPath: rig.dockerSocket });
let deploymentId = '';

// A failed run leaves its deployment's containers on the rig's engine: removed here whatever happened.
test.afterAll(async () => {
  const filters = { label: [`${labels.deployment}=${deploymentId}`] };
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
});

test('opens a shell in a container from the deployment page, types a command and sees its output', async ({ page, app }) => {
  test.setTimeout(180_000);
  const node = await addRigNode(apiOf(app), rig, 0, `terminal node ${suffix}`);
  const template = terminalTemplate(rig.images.local, `terminal-${suffix}`);
  ({ deploymentId } = await deployRunning(app, { template, name: `term-${suffix}`, nodeId: node.id }));

  await page.goto(`${app.url}#/deployments/${deploymentId}`);
  const section = page.getByTestId('deployment-terminal');
  await expect(section).toContainText('No terminal open');
  await expect(section.getByTestId('terminal-service')).toHaveValue('box');
  await section.getByRole('button', { name: 'Open terminal' }).click();
  const panel = section.getByTestId('terminal-panel');
  await expect(panel.getByTestId('terminal-status')).toHaveText(`sh in term-${suffix}-box-1`);
  await panel.getByTestId('terminal-screen').click();
  await page.keyboard.type('echo "answer: $((6*7))"');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('answer: 42');
  // The theme xterm writes as a <style> reached the page despite the CSP (else the text is near black).
  await expect(panel.locator('.xterm-rows')).toHaveCSS('color', 'rgb(230, 230, 230)');

  await section.getByRole('button', { name: 'Open terminal' }).click();
  await expect(section.getByRole('tab')).toHaveCount(2);
  await expect(section.getByTestId('terminal-status').nth(1)).toHaveText(`sh in term-${suffix}-box-1`);
  await section.getByRole('button', { name: 'Close box #2' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close terminal' }).click();
  await expect(section.getByRole('tab')).toHaveCount(1);
  await section.getByRole('tab', { name: 'box #1' }).click();
  await expect(panel.first().locator('.xterm-rows')).toContainText('answer: 42');

  const commands = section.getByTestId('maintenance-commands');
  await commands.getByRole('button', { name: 'Fail loudly' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  await expect(commands.getByTestId('command-verdict')).toHaveText('Exited with code 3');
  await expect(commands.getByTestId('command-output')).toContainText('no such table');
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: join(docs, 'terminal.png') });

  // The app is shared with the other specs of this worker: it is left without this deployment.
  await deleteDeployment(app, deploymentId);
});

/**
 * A folder import on the rig: the compose file binds a config file and a folder of them from its
 * folder, and a file the folder lacks. Imported, published and deployed, the containers hold the
 * files as the folder had them (`$` and all), and the missing one as the user typed it; a deploy
 * without it is refused before anything reaches the node.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipOf } from '../../src/main/core/templates/zip-test-support';
import { deployAndSettle } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const suffix = randomBytes(3).toString('hex');
const name = `folder-${suffix}`;
let t: TestCore;
let nodeId = '';
let templateId = '';
let deploymentId = '';

const APP_CONF = 'listen 8080\nuser $USER\npath ${HOME}/data $$\n';
const TYPED = 'token = abc\nsecond line with $dollar\n';

const folder = [
  {
    path: `${name}/compose.yaml`,
    content: [
      'services:',
      '  app:',
      `    image: ${rig.images.local}`,
      '    command: ["sleep", "3600"]',
      '    stop_grace_period: 1s',
      '    volumes:',
      '      - ./app.conf:/etc/app/app.conf:ro',
      '      - ./conf.d:/etc/app/conf.d',
      '      - ./secret.ini:/etc/app/secret.ini',
      '',
    ].join('\n'),
  },
  { path: `${name}/app.conf`, content: APP_CONF },
  { path: `${name}/conf.d/a.conf`, content: 'a = 1\n' },
  { path: `${name}/conf.d/nested/b.conf`, content: 'b = 2\n' },
];

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeId = (await addRigNode(t, rig)).id;
  const { created, report } = await t.call('templates:import', {
    format: 'compose',
    text: '',
    files: folder,
  });
  expect(report.errors).toEqual([]);
  expect(created.map((c) => c.name)).toEqual([name]);
  templateId = created[0]?.id ?? '';
  await t.call('templates:publish', { id: templateId, version: '1.0.0' });
}, 120_000);

afterAll(async () => {
  if (deploymentId) {
    await t.call('deployments:delete', { id: deploymentId, deleteData: true });
    await t.core.jobs.settled();
  }
  await t.close();
});

/** What `cat` prints for a file in the running container. */
async function readInContainer(path: string): Promise<string> {
  const exec = await docker.getContainer(`${name}-app-1`).exec({ Cmd: ['cat', path], AttachStdout: true });
  const stream = await exec.start({});
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  // Docker's multiplexed stream: an 8-byte header before each frame.
  const raw = Buffer.concat(chunks);
  const out: Buffer[] = [];
  for (let at = 0; at + 8 <= raw.length; at += 8 + raw.readUInt32BE(at + 4))
    out.push(raw.subarray(at + 8, at + 8 + raw.readUInt32BE(at + 4)));
  return Buffer.concat(out).toString('utf8');
}

describe('a folder import deployed on the rig', () => {
  it('refuses the deploy while the file the folder lacked is empty, and names it', async () => {
    const failure = await t.fail('deployments:create', { templateId, version: '1.0.0', name, nodeId });
    expect(failure.message).toContain('Contents of ./secret.ini for service app');
    expect(await docker.listContainers({ all: true, filters: { name: [name] } })).toEqual([]);
  });

  it('writes the bound files into the running container as the folder had them', async () => {
    const deployed = await deployAndSettle(t, {
      templateId,
      version: '1.0.0',
      name,
      nodeId,
      variables: { FILE_APP_SECRET_INI: TYPED },
    });
    deploymentId = deployed.id;
    expect(deployed.status).toBe('running');
    expect(await readInContainer('/etc/app/app.conf')).toBe(APP_CONF);
    expect(await readInContainer('/etc/app/conf.d/a.conf')).toBe('a = 1\n');
    expect(await readInContainer('/etc/app/conf.d/nested/b.conf')).toBe('b = 2\n');
    expect(await readInContainer('/etc/app/secret.ini')).toBe(TYPED);
  });

  it('imports the same folder from a zip through the contract, with the same files', async () => {
    const zip = zipOf(folder.map((f) => ({ name: f.path, data: Buffer.from(f.content) })));
    const { created, report } = await t.call('templates:import', {
      format: 'compose',
      text: '',
      zip: zip.toString('base64'),
      fileName: `${name}.zip`,
    });
    expect(report.errors).toEqual([]);
    const fromZip = await t.call('templates:get', { id: created[0]?.id ?? '' });
    const fromFolder = await t.call('templates:get', { id: templateId, version: '1.0.0' });
    expect(fromZip.selected.manifest.config_files).toEqual(fromFolder.selected.manifest.config_files);
    await t.call('templates:delete', { id: created[0]?.id ?? '' });
  });
});

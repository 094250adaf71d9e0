/**
 * A CasaOS App Store app as the store ships it, imported through the core and deployed on the rig's
 * node: its app folder must be a volume of the deployment and its written-in password a value of
 * its own. The rig's registry holds only busybox, so the app's image is swapped for it (with a
 * command that keeps it running); everything else is the store's file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { deployAndSettle } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const STORE = join(import.meta.dirname, '../../src/main/core/templates/fixtures/casaos-store');
let t: TestCore;
let nodeId = '';
let deploymentId = '';

/** The store's PostgreSQL app with the rig's busybox as its image. */
const postgresApp = (): string =>
  readFileSync(join(STORE, 'PostgreSQL.yml'), 'utf8').replace(
    /^ {4}image: postgres:\S+$/m,
    `    image: ${rig.images.local}\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`,
  );

beforeAll(async () => {
  t = createTestCore();
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  nodeId = (await addRigNode(t, rig)).id;
});

afterAll(async () => {
  if (deploymentId)
    await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
});

describe('a CasaOS store app, imported and deployed', () => {
  it('runs with its data in a volume of its own and a generated password', async () => {
    const { report, created } = await t.call('templates:import', {
      format: 'casaos',
      text: postgresApp(),
      fileName: 'docker-compose.yml',
    });
    expect(report.errors).toEqual([]);
    expect(report.templates[0]?.report.errors).toEqual([]);
    const templateId = created[0]?.id ?? '';
    await t.call('templates:publish', { id: templateId, version: '1.0.0' });

    const deployment = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'pg', nodeId });
    deploymentId = deployment.id;
    expect(deployment.status).toBe('running');

    const [container] = await docker.listContainers({
      filters: { label: [`${labels.deployment}=${deploymentId}`] },
    });
    const inspected = await docker.getContainer(container?.Id ?? '').inspect();
    const env = new Map(inspected.Config.Env.map((e) => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]));
    expect(env.get('POSTGRES_USER')).toBe('casaos');
    expect(env.get('POSTGRES_PASSWORD')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(env.get('PUID')).toBe('1000');
    const data = inspected.Mounts.find((m) => m.Destination === '/var/lib/postgresql/data');
    expect(data?.Type).toBe('volume');
    expect(inspected.Mounts.some((m) => m.Source.startsWith('/DATA/AppData'))).toBe(false);
    const volumes = await docker.listVolumes({
      filters: { label: [`${labels.deployment}=${deploymentId}`] },
    });
    expect(volumes.Volumes.map((v) => v.Name)).toContain(data?.Name);
  });
});

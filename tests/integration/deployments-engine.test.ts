/**
 * The deployment engine against a real dockerd: a two-service plan whose web service serves a page it
 * fetched from the other service by its compose alias; rollback leaves nothing behind; an update that
 * never gets healthy brings the previous revision back.
 */
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { NormalizedCompose } from '../../src/shared/contract/template-model';
import {
  applyPlan,
  removeDeployment,
  startContainers,
  type ApplyOptions,
} from '../../src/main/core/deployments/apply-plan';
import { removeContainer } from '../../src/main/core/deployments/docker-engine';
import { stopContainers } from '../../src/main/core/deployments/container-stops';
import { buildPlan, portRequests } from '../../src/main/core/deployments/build-plan';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { allocatePorts } from '../../src/main/core/deployments/port-allocator';
import { updatePlan, type UpdateSteps } from '../../src/main/core/deployments/update-plan';
import { service, shellHealthcheck } from '../helpers/compose-fixtures';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const steps: string[] = [];
const options = (): ApplyOptions => ({
  signal: new AbortController().signal,
  step: (step) => steps.push(step),
  readiness: { healthTimeoutMs: 30_000, stableMs: 1500, pollMs: 200 },
  now: () => new Date(),
});

/** This plan's content service writes to a volume, so updates replace the running revision. */
const replaceSteps: UpdateSteps = {
  strategy: { kind: 'replace', reason: 'content writes to data' },
  wasRunning: true,
  switchOver: () => Promise.resolve(),
};

const twoServices = (page: string): NormalizedCompose => ({
  services: [
    service('web', {
      command: [
        'sh',
        '-c',
        'mkdir -p /www && wget -q -O /www/index.html http://content:8080/index.html && exec httpd -f -p 80 -h /www',
      ],
      ports: [{ target: 80, published: null, protocol: 'tcp', hostIp: null }],
      dependsOn: [{ service: 'content', condition: 'service_healthy' }],
      healthcheck: shellHealthcheck('wget -q -O /dev/null http://127.0.0.1:80/'),
    }),
    service('content', {
      command: [
        'sh',
        '-c',
        `mkdir -p /www && echo "${page}" > /www/index.html && exec httpd -f -p 8080 -h /www`,
      ],
      healthcheck: shellHealthcheck('wget -q -O /dev/null http://127.0.0.1:8080/'),
      mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: false }],
    }),
  ],
  volumes: [{ name: 'data', external: false, externalName: null, driverOpts: {}, labels: {} }],
  networks: [],
});

const deploymentId = randomUUID();
const project = `eng-${deploymentId.slice(0, 8)}`;
const ports = allocatePorts(
  portRequests(twoServices('x')),
  { reserved: new Set(), listening: new Set() },
  { first: 21000 + Math.floor(Math.random() * 500), last: 21999 },
);
const planFor = (revision: number, compose: NormalizedCompose) =>
  buildPlan({ deploymentId, project, revision, compose, exposure: 'private', ports, files: [] });
const url = `http://127.0.0.1:${ports[0]!.hostPort}/`;

const owned = async () => ({
  containers: await docker.listContainers({
    all: true,
    filters: { label: [`${labels.deployment}=${deploymentId}`] },
  }),
  networks: await docker.listNetworks({ filters: { label: [`${labels.deployment}=${deploymentId}`] } }),
  volumes: (await docker.listVolumes({ filters: { label: [`${labels.deployment}=${deploymentId}`] } }))
    .Volumes,
});

afterAll(async () => {
  await removeDeployment(docker, deploymentId, null, true);
});

describe('deployment engine on a real dockerd', () => {
  it('starts services in dependency order, aliased by service name, on the allocated port', async () => {
    await applyPlan(docker, planFor(1, twoServices('hello from content')), options());
    expect(await (await fetch(url)).text()).toBe('hello from content\n');
    const { containers, networks, volumes } = await owned();
    expect(containers.map((c) => c.Names[0]).sort()).toEqual([`/${project}-content-1`, `/${project}-web-1`]);
    expect(
      containers.every(
        (c) => c.Labels[labels.project] === project && c.Labels[labels.configHash]?.length === 64,
      ),
    ).toBe(true);
    expect(containers.find((c) => c.Labels[labels.service] === 'web')?.Ports).toContainEqual(
      expect.objectContaining({ IP: '127.0.0.1', PublicPort: ports[0]!.hostPort, PrivatePort: 80 }),
    );
    expect(networks.map((n) => n.Name)).toEqual([`${project}_default`]);
    expect(volumes.map((v) => v.Name)).toEqual([`${project}_data`]);
    expect(steps.indexOf('Starting content')).toBeLessThan(steps.indexOf('Starting web'));
  });

  it('stops and starts again, twice at once, still serving', async () => {
    const plan = planFor(1, twoServices('hello from content'));
    await stopContainers(docker, plan, new AbortController().signal);
    expect((await owned()).containers.every((c) => c.State === 'exited')).toBe(true);
    // Two starts that both saw the containers stopped (a killed app's, still finishing, and recovery's): both succeed.
    await Promise.all([startContainers(docker, plan, options()), startContainers(docker, plan, options())]);
    expect(await (await fetch(url)).text()).toBe('hello from content\n');
  });

  it('rolls a broken update back to the previous revision, which still serves', async () => {
    const broken = twoServices('v2');
    broken.services[1] = {
      ...broken.services[1]!,
      command: ['sh', '-c', 'echo "content cannot start: missing config" >&2; exit 3'],
    };
    await expect(
      updatePlan(docker, planFor(1, twoServices('hello from content')), planFor(2, broken), options(), replaceSteps),
    ).rejects.toThrow(/content.*(exit|stopped)[\s\S]*missing config/i);
    expect(await (await fetch(url)).text()).toBe('hello from content\n');
    const { containers } = await owned();
    expect(containers.map((c) => `${c.Names[0]} ${c.Labels[labels.revision]} ${c.State}`).sort()).toEqual([
      `/${project}-content-1 1 running`,
      `/${project}-web-1 1 running`,
    ]);
  });

  it('updates to a good revision and removes the old containers', async () => {
    await updatePlan(
      docker,
      planFor(1, twoServices('hello from content')),
      planFor(2, twoServices('revision two')),
      options(),
      replaceSteps,
    );
    expect(await (await fetch(url)).text()).toBe('revision two\n');
    expect((await owned()).containers.map((c) => c.Labels[labels.revision])).toEqual(['2', '2']);
  });

  it('a first deploy that fails leaves nothing on the node', async () => {
    const id = randomUUID();
    const bad = buildPlan({
      deploymentId: id,
      project: `bad-${id.slice(0, 8)}`,
      revision: 1,
      exposure: 'private',
      ports: [],
      files: [],
      compose: {
        services: [service('app', { image: `${rig.registry}/hoster/does-not-exist:1` })],
        volumes: [{ name: 'data', external: false, externalName: null, driverOpts: {}, labels: {} }],
        networks: [],
      },
    });
    await expect(applyPlan(docker, bad, options())).rejects.toMatchObject({ code: 'not_found' });
    const left = await docker.listNetworks({ filters: { label: [`${labels.deployment}=${id}`] } });
    expect(left).toEqual([]);
  });

  it('delete with data removes every container, network and volume it labelled', async () => {
    await removeDeployment(docker, deploymentId, planFor(2, twoServices('x')), true);
    const { containers, networks, volumes } = await owned();
    expect([containers, networks, volumes]).toEqual([[], [], []]);
  });

  it('removing a container whose removal is already under way waits until it is gone', async () => {
    // What recovery meets after an app killed mid-delete: the engine still removing what the app asked.
    const container = await docker.createContainer({
      Image: rig.images.local,
      Cmd: ['sh', '-c', 'trap "" TERM; sleep 600'],
      name: `removing-${randomUUID().slice(0, 8)}`,
    });
    await container.start();
    const first = container.remove({ force: true, v: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await removeContainer(docker, container.id);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    await first;
  });
});

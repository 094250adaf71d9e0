import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { labels } from './compose-labels';
import { stopContainers, stopWaitMessage } from './container-stops';
import type { DeploymentPlan, ServicePlan } from './plan-types';

const servicePlan = (service: string, dependsOn: string[], stopTimeoutSeconds: number, replica = 1) =>
  ({
    service,
    replica,
    dependsOn: Object.fromEntries(dependsOn.map((d) => [d, 'service_started'])),
    stopTimeoutSeconds,
  }) as unknown as ServicePlan;

/**
 * A Docker engine that lists the given running containers (`web#2` is a second copy of web) and
 * records each stop request, with the calls under way.
 */
function recordingDocker(services: string[]) {
  const waves: string[][] = [];
  let wave: string[] = [];
  let pending = 0;
  const docker = {
    listContainers: () =>
      Promise.resolve(
        services.map((s) => ({ Id: s, State: 'running', Labels: { [labels.service]: s.split('#')[0] } })),
      ),
    getContainer: (id: string) => ({
      stop: async ({ t }: { t: number }) => {
        wave.push(`${id}:${String(t)}`);
        pending += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        pending -= 1;
        if (pending === 0) {
          waves.push(wave.sort());
          wave = [];
        }
      },
    }),
  } as unknown as Docker;
  return { docker, waves };
}

describe('stopContainers', () => {
  it('stops dependents first, and services on one level together, each with its grace period', async () => {
    const plan = {
      deploymentId: 'd',
      services: [
        servicePlan('db', [], 30),
        servicePlan('cache', [], 5),
        servicePlan('api', ['db', 'cache'], 10),
        servicePlan('web', ['api'], 3),
        servicePlan('worker', ['db'], 10),
      ],
    } as unknown as DeploymentPlan;
    const { docker, waves } = recordingDocker(['db', 'cache', 'api', 'web', 'worker']);
    const said: string[] = [];
    await stopContainers(docker, plan, new AbortController().signal, (step) => said.push(step));
    expect(waves).toEqual([['web:3'], ['api:10', 'worker:10'], ['cache:5', 'db:30']]);
    expect(said).toEqual([
      'Waiting up to 3 s for web to stop',
      'Waiting up to 10 s for api and worker to stop',
      'Waiting up to 30 s for db and cache to stop',
    ]);
  });
});

describe('stopContainers with copies of a service', () => {
  it('stops every copy once, together, with the service', async () => {
    const plan = {
      deploymentId: 'd',
      services: [
        servicePlan('api', [], 10),
        servicePlan('web', ['api'], 3),
        servicePlan('web', ['api'], 3, 2),
      ],
    } as unknown as DeploymentPlan;
    const { docker, waves } = recordingDocker(['api', 'web', 'web#2']);
    await stopContainers(docker, plan, new AbortController().signal);
    expect(waves).toEqual([['web#2:3', 'web:3'], ['api:10']]);
  });
});

describe('stopWaitMessage', () => {
  it('names every service and the longest wait', () => {
    expect(
      stopWaitMessage([
        { id: '1', service: 'web', graceSeconds: 10 },
        { id: '2', service: 'api', graceSeconds: 20 },
        { id: '3', service: 'worker', graceSeconds: 1 },
      ]),
    ).toBe('Waiting up to 20 s for web, api and worker to stop');
  });
});

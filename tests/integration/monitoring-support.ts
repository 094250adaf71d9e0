import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { EventName, EventPayload } from '../../src/shared/contract';
import type { CorePorts } from '../../src/main/core/create-core';
import { addRigNode } from '../helpers/rig-node';
import { scriptTemplate, type ServiceSpec } from '../helpers/script-template';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig, type Rig } from '../rig/rig';

export interface MonitoringWorld {
  rig: Rig;
  t: TestCore;
  nodeId: string;
  /** Publishes a template of these services and deploys it on node 1; resolves once the deploy job ends. */
  deploy(name: string, services: Record<string, ServiceSpec>): Promise<string>;
  /** Resolves with the probe's first truthy answer; fails with `what` after `timeoutMs`. */
  waitFor<T>(
    what: string,
    probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** Every payload of `event` pushed so far. */
  pushed<E extends EventName>(event: E): EventPayload<E>[];
  node(action: 'stop' | 'start'): Promise<void>;
  close(): Promise<void>;
}

const run = promisify(execFile);

/** A started core (workers, samplers, event watchers running) with rig node 1 added, sampling fast. */
export async function createMonitoringWorld(overrides: Partial<CorePorts> = {}): Promise<MonitoringWorld> {
  const rig = loadRig();
  const node1 = rig.nodes[0]!;
  const t = createTestCore({
    nodeTuning: { backoff: { baseMs: 300, maxMs: 2000 }, checkTimeoutMs: 5000 },
    ...overrides,
  });
  const events: { event: EventName; payload: unknown }[] = [];
  const off = t.core.events.onAny((event, payload) => events.push({ event, payload }));
  t.core.start();
  await t.call('settings:update', {
    deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 },
    monitoring: {
      focusedStatsSeconds: 2,
      focusedLogsSeconds: 1,
      backgroundStatsSeconds: 15,
      backgroundLogsSeconds: 10,
    },
  });
  const node = await addRigNode(t, rig, 0, 'rig one');
  const deployed: string[] = [];
  let isNodeDown = false;

  const world: MonitoringWorld = {
    rig,
    t,
    nodeId: node.id,
    async deploy(name, services) {
      const template = await t.call(
        'templates:create',
        scriptTemplate(rig.images.local, `mon-${name}`, services),
      );
      await t.call('templates:publish', { id: template.summary.id, version: '1.0.0' });
      const { deploymentId, jobId } = await t.call('deployments:create', {
        templateId: template.summary.id,
        version: '1.0.0',
        name,
        nodeId: node.id,
      });
      deployed.push(deploymentId);
      await world.waitFor(`deploy of ${name}`, async () => {
        const job = await t.call('jobs:get', { id: jobId });
        return job.status !== 'running' && job.status !== 'queued' && job;
      });
      return deploymentId;
    },
    async waitFor(what, probe, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (let attempt = 0; Date.now() < until; attempt += 1) {
        const answer = await probe();
        if (answer) return answer;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500, 100 + attempt * 50)));
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    },
    pushed: <E extends EventName>(event: E) =>
      events.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>),
    async node(action) {
      await run('bash', [rig.nodeControl, rig.rigDir, action, node1.name]);
      isNodeDown = action === 'stop';
    },
    async close() {
      if (isNodeDown) await world.node('start');
      for (const id of deployed)
        await t.call('deployments:delete', { id, deleteData: true }).catch(() => undefined);
      await t.core.jobs.settled();
      off();
      await t.close();
    },
  };
  return world;
}

/** What the core sent over a node's connection, as two growing lists: exec commands and engine request paths. */
export interface NodeRequests {
  commands: string[];
  engineRequests: string[];
}

/** Counts every exec and every engine request the core makes over the node's connection, then does it. */
export async function countNodeRequests(world: MonitoringWorld): Promise<NodeRequests> {
  const counted: NodeRequests = { commands: [], engineRequests: [] };
  const connections = world.t.core.nodeConnections;
  const exec = connections.exec.bind(connections);
  connections.exec = (id, command, options) => {
    counted.commands.push(command);
    return exec(id, command, options);
  };
  const docker = await connections.docker(world.nodeId);
  const modem = docker.modem as { dial: (options: { path?: string }, callback: unknown) => unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    counted.engineRequests.push(options.path ?? '');
    return dial(options, callback);
  };
  return counted;
}

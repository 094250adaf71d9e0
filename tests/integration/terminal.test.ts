/**
 * Terminals into containers over the node's one SSH connection, and a template's maintenance
 * commands: a real core, the rig's sshd as the node, a busybox deployment on the rig's dockerd.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMINAL_SWEEP_WORKER } from '../../src/main/core/terminal';
import { deployAndSettle, publishTemplate } from '../helpers/deploy';
import { addRigNode } from '../helpers/rig-node';
import { terminalTemplate } from '../helpers/terminal-template';
import { watchTerminals } from '../helpers/terminal-output';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
/** Moved forward by a test to make sessions look forgotten by their window, without waiting. */
let clockShiftMs = 0;
let t: TestCore;
let watch: ReturnType<typeof watchTerminals>;
let nodeId = '';
let deploymentId = '';
const size = { cols: 80, rows: 24 };
const loose = `hoster-terminal-loose-${process.pid}`;

/** Processes in the container still carrying a session's marker, as seen by the engine directly. */
async function markedProcesses(containerId: string, sessionId: string): Promise<string> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: ['sh', '-c', `grep -l "HOSTER_TERMINAL_SESSION=${sessionId}" /proc/[0-9]*/environ 2>/dev/null; true`],
    AttachStdout: true,
  });
  const stream = await exec.start({ hijack: false, stdin: false });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  // eslint-disable-next-line no-control-regex -- stream frame headers
  return Buffer.concat(chunks).toString('utf8').replace(/[\x00-\x08]/g, '').trim();
}

beforeAll(async () => {
  t = createTestCore({ clock: { now: () => new Date(Date.now() + clockShiftMs) } });
  await t.call('settings:update', { deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 } });
  watch = watchTerminals(t.core.events);
  nodeId = (await addRigNode(t, rig)).id;
  const templateId = await publishTemplate(t, terminalTemplate(rig.images.local));
  const deployment = await deployAndSettle(t, { templateId, version: '1.0.0', name: 'term', nodeId });
  expect(deployment.status).toBe('running');
  deploymentId = deployment.id;
  const container = await docker.createContainer({ name: loose, Image: rig.images.local, Cmd: ['sleep', '3600'] });
  await container.start();
});

afterAll(async () => {
  watch.stop();
  await docker.getContainer(loose).remove({ force: true }).catch(() => undefined);
  if (deploymentId) await t.call('deployments:delete', { id: deploymentId, deleteData: true }).catch(() => undefined);
  await t.core.jobs.settled();
  await t.close();
});

describe('terminal sessions', () => {
  it('opens a shell in a service, echoes what is typed and finds sh where there is no bash', async () => {
    const session = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    expect(session).toMatchObject({ nodeId, shell: 'sh', containerName: 'term-box-1' });
    await t.call('terminal:input', { sessionId: session.sessionId, data: 'echo h""i; stty size\r' });
    await watch.waitFor(session.sessionId, /\r\nhi\r\n24 80\r\n/);
    await t.call('terminal:close', { sessionId: session.sessionId });
    expect(await watch.waitClosed(session.sessionId)).toBe('closed');
    expect(await markedProcesses(session.containerId, session.sessionId)).toBe('');
  });

  it('resizes the TTY: stty size shows the new rows and columns', async () => {
    const { sessionId } = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    await t.call('terminal:resize', { sessionId, cols: 101, rows: 33 });
    await t.call('terminal:input', { sessionId, data: 'stty size\r' });
    await watch.waitFor(sessionId, /\r\n33 101\r\n/);
    await t.call('terminal:close', { sessionId });
  });

  it('runs two sessions at once, each with its own output, on any container of the node', async () => {
    const first = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    const second = await t.call('terminal:open', { nodeId, containerId: loose, ...size });
    expect(second.containerName).toBe(loose);
    await t.call('terminal:input', { sessionId: first.sessionId, data: 'echo one-$((1+1))\r' });
    await t.call('terminal:input', { sessionId: second.sessionId, data: 'echo two-$((2+2))\r' });
    await Promise.all([watch.waitFor(first.sessionId, /one-2/), watch.waitFor(second.sessionId, /two-4/)]);
    expect(watch.printed(first.sessionId)).not.toContain('two-4');
    expect(watch.printed(second.sessionId)).not.toContain('one-2');
    await Promise.all([first, second].map(({ sessionId }) => t.call('terminal:close', { sessionId })));
  });

  it('closes a session its window stopped naming, and keeps the one still named', async () => {
    const forgotten = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    const kept = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    clockShiftMs += 60_000;
    expect(await t.call('terminal:keepalive', { sessionIds: [kept.sessionId, 'gone'] })).toEqual({ open: [kept.sessionId] });
    await t.core.scheduler.runNow(TERMINAL_SWEEP_WORKER);
    expect(await watch.waitClosed(forgotten.sessionId)).toBe('the window that opened it went away');
    expect(await t.call('terminal:keepalive', { sessionIds: [kept.sessionId, forgotten.sessionId] })).toEqual({ open: [kept.sessionId] });
    await t.call('terminal:close', { sessionId: kept.sessionId });
  });

  it("ends a session when the node's connection goes away, saying so", async () => {
    const { sessionId } = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    t.core.nodeConnections.reset(nodeId);
    expect(await watch.waitClosed(sessionId)).toMatch(/^the connection to the node dropped/);
    const again = await t.call('terminal:open', { deploymentId, service: 'box', ...size });
    await t.call('terminal:close', { sessionId: again.sessionId });
  });

  it('ends a session when its container stops, then refuses a stopped container saying how to start it', async () => {
    const { sessionId } = await t.call('terminal:open', { nodeId, containerId: loose, ...size });
    await docker.getContainer(loose).stop({ t: 0 });
    expect(await watch.waitClosed(sessionId)).toBe(`the container ${loose} stopped`);
    const refused = await t.fail('terminal:open', { nodeId, containerId: loose, ...size });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain(`is stopped (exited). Start it (docker start ${loose} on the node)`);
    expect(await t.fail('terminal:input', { sessionId, data: 'x' })).toMatchObject({ code: 'not_found' });
  });
});

describe('maintenance commands', () => {
  const finished = (runId: string) =>
    new Promise<{ exitCode: number | null; error: string | null }>((resolve) => {
      const off = t.core.events.on('terminal:command-finished', (event) => {
        if (event.runId !== runId) return;
        off();
        resolve(event);
      });
    });
  const outputOf = (runId: string) => {
    let text = '';
    const off = t.core.events.on('terminal:command-output', (event) => {
      if (event.runId === runId) text += event.data;
    });
    return () => {
      off();
      return text;
    };
  };

  it("lists the template's commands and runs one, streaming its output and recording its exit code", async () => {
    expect((await t.call('terminal:commands', { deploymentId })).map((c) => c.name)).toEqual(['Say hello', 'Fail loudly']);
    const ok = await t.call('terminal:run-command', { deploymentId, name: 'Say hello' });
    const okOutput = outputOf(ok.runId);
    expect(await finished(ok.runId)).toMatchObject({ exitCode: 0, error: null });
    expect(okOutput()).toMatch(/hello from \w+\nhéllo wörld\n/);

    const failing = await t.call('terminal:run-command', { deploymentId, name: 'Fail loudly' });
    const failingOutput = outputOf(failing.runId);
    expect(await finished(failing.runId)).toMatchObject({ exitCode: 3, error: null });
    expect(failingOutput()).toContain('no such table');
    const causes = (await t.call('deployments:get', { id: deploymentId })).transitions.map((row) => row.cause);
    expect(causes).toContain('maintenance command "Say hello" exited with code 0');
    expect(causes).toContain('maintenance command "Fail loudly" exited with code 3');
  });

  it('refuses a command the template does not declare', async () => {
    const refused = await t.fail('terminal:run-command', { deploymentId, name: 'Drop tables' });
    expect(refused).toMatchObject({ code: 'not_found', field: 'name' });
  });
});

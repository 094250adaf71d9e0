/**
 * Keypress-to-echo round trip of a terminal session over a node's shared SSH connection (the rig's
 * node1, busybox sh in a plain container on the rig's dockerd): KEYS printable keystrokes, one at a
 * time, each timed from `terminal:input` through the dispatcher (as a renderer's call arrives) until
 * the `terminal:output` event carrying its echo is pushed. Against, in the same run, the same script
 * typed into `ssh -tt node1 docker exec -it <container> sh` (OpenSSH and the docker CLI on the node,
 * the way one would without the app), timed from the write to ssh's stdin until its stdout answers.
 * Both are measured after the shell's first prompt. The renderer's transport (Electron IPC or the
 * browser host's HTTP + WebSocket) is not included. Goal: p95 < 20 ms on loopback. Prints figures;
 * asserts nothing.
 *
 *   npx tsx --tsconfig tsconfig.node.json tests/bench/terminal.bench.ts   (with HOSTER_RIG set)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Docker from 'dockerode';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { openBenchCore } from './bench-core';

const KEYS = 300;
/** Typed in lines of this many keys; Ctrl-U then clears the line (not timed), so nothing runs. */
const LINE = 50;
const rig = loadRig();
const node = rig.nodes[0]!;
const docker = new Docker({ socketPath: rig.dockerSocket });
const dir = makeTempDir('hoster-bench-terminal-');
const containerName = `hoster-bench-terminal-${randomBytes(3).toString('hex')}`;
const script = Array.from({ length: KEYS }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[i % 26]!);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const summary = (values: number[]) =>
  `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))} over ${values.length} keys`;

/** Types the script into `send`, waiting for output after each key: the time of each echo. */
async function typeScript(send: (data: string) => void, nextOutput: () => Promise<string>): Promise<number[]> {
  const times: number[] = [];
  for (const [index, key] of script.entries()) {
    const echoed = nextOutput();
    const started = performance.now();
    send(key);
    await echoed;
    times.push(performance.now() - started);
    if ((index + 1) % LINE === 0) {
      const cleared = nextOutput();
      send('\x15');
      await cleared;
    }
  }
  return times;
}

/** The next output after now, from a stream of chunks: a promise per call. */
function outputQueue() {
  let waiting: ((text: string) => void) | null = null;
  let seen = '';
  return {
    push(text: string) {
      seen += text;
      const resolve = waiting;
      waiting = null;
      resolve?.(text);
    },
    next: () => new Promise<string>((resolve) => (waiting = resolve)),
    seen: () => seen,
  };
}

const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

/**
 * Until the prompt. Busybox ash asks where the cursor is (ESC[6n) after its prompt, which a terminal
 * (xterm in the app) answers: here, row 1 column 5; any redraw that follows (it may or may not come)
 * is let through before the keys are timed.
 */
async function untilPrompt(queue: ReturnType<typeof outputQueue>, send: (data: string) => void) {
  // eslint-disable-next-line no-control-regex -- the prompt and the cursor query
  while (!/# (\x1b\[6n)?$/.test(queue.seen())) await queue.next();
  send('\x1b[1;5R');
  await Promise.race([queue.next(), sleep(500)]);
  await sleep(100);
}

async function measureCore(): Promise<number[]> {
  const { core, call } = openBenchCore(join(dir.path, 'core'), { validateEvents: false });
  try {
    const added = await addRigNode({ call }, rig, 0, node.name);
    const queue = outputQueue();
    // The only session of this core; its first prompt may be pushed before `terminal:open` answers.
    core.events.on('terminal:output', (event) => queue.push(event.data));
    const first = queue.next();
    const { sessionId } = await call('terminal:open', { nodeId: added.id, containerId: containerName, cols: 120, rows: 40 });
    await first;
    await untilPrompt(queue, (data) => void call('terminal:input', { sessionId, data }));
    const times = await typeScript((data) => void call('terminal:input', { sessionId, data }), queue.next);
    await call('terminal:close', { sessionId });
    return times;
  } finally {
    await core.close();
  }
}

async function measureSsh(): Promise<number[]> {
  const ssh = spawn(
    'ssh',
    ['-F', rig.sshConfigFile, '-tt', node.name, 'docker', '-H', `unix://${node.dockerSocket}`, 'exec', '-it', containerName, 'sh'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const queue = outputQueue();
  ssh.stdout.on('data', (chunk: Buffer) => queue.push(chunk.toString('utf8')));
  try {
    await untilPrompt(queue, (data) => void ssh.stdin.write(data));
    return await typeScript((data) => void ssh.stdin.write(data), queue.next);
  } finally {
    ssh.stdin.end('exit\r');
    ssh.kill();
  }
}

async function main() {
  const container = await docker.createContainer({ name: containerName, Image: rig.images.local, Cmd: ['sleep', '3600'] });
  await container.start();
  try {
    const app = await measureCore();
    const ssh = await measureSsh();
    console.log(`keypress → echo, this app (terminal:input → terminal:output over the shared SSH connection): ${summary(app)}`);
    console.log(`keypress → echo, ssh -tt ${node.name} docker exec -it: ${summary(ssh)}`);
    console.log(`p95 app / p95 ssh: ${(percentile(app, 95) / percentile(ssh, 95)).toFixed(2)}x (goal: app p95 < 20 ms)`);
  } finally {
    await container.remove({ force: true });
    dir.remove();
  }
}

await main();

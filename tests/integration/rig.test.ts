/**
 * Proves the test rig (tests/rig/up.sh) does what the other integration tests rely on, through the same
 * path the app uses: one ssh2 connection to a node, and dockerode over a stream-local forward of the
 * node's Docker socket (no agent or CLI on the node involved).
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRig, type RigKey, type RigNode } from '../rig/rig';

const rig = loadRig();
const node1 = rig.nodes[0]!;
const node2 = rig.nodes[1]!;
const RUN_ID = randomUUID();
const exec = promisify(execFile);
const LABEL = 'hoster.rig-test';

/** The raw key blob of an OpenSSH public key line, as ssh2 hands it to hostVerifier. */
const rawKey = (line: string): Buffer => Buffer.from(line.split(' ')[1] ?? '', 'base64');

/** Counts SSH handshakes made by this file. */
let sshConnections = 0;

/** Connects with `key`, accepting only the host key `expectedHostKey` (an OpenSSH public key line). */
function connect(
  node: RigNode,
  key: RigKey,
  expectedHostKey = node.hostPublicKey,
): Promise<{ client: Client; hostKey: Buffer }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const expected = rawKey(expectedHostKey);
    let seen: Buffer = Buffer.alloc(0);
    client.once('ready', () => {
      sshConnections += 1;
      resolve({ client, hostKey: seen });
    });
    client.once('error', (error) => {
      client.end();
      reject(error);
    });
    client.connect({
      host: node.host,
      port: node.port,
      username: node.user,
      privateKey: readFileSync(key.privateKeyPath),
      hostVerifier: (hostKey: Buffer) => {
        seen = hostKey;
        return hostKey.equals(expected);
      },
      readyTimeout: 20_000,
    });
  });
}

/**
 * An http.Agent whose every "socket" is a channel of ONE ssh connection, forwarded to a unix socket
 * on the node (OpenSSH's direct-streamlocal@openssh.com).
 */
class SshSocketAgent extends http.Agent {
  channelsOpened = 0;

  constructor(
    private readonly client: Client,
    private readonly socketPath: string,
  ) {
    super({ keepAlive: true, maxSockets: 8 });
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    this.client.openssh_forwardOutStreamLocal(this.socketPath, (error, channel) => {
      if (error) {
        callback?.(error, undefined as unknown as Duplex);
        return;
      }
      this.channelsOpened += 1;
      // http.Agent treats the stream as a net.Socket on keep-alive paths; an ssh channel has no TCP options.
      const socketLike = channel as unknown as Record<string, unknown>;
      for (const method of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref']) {
        if (typeof socketLike[method] !== 'function') socketLike[method] = () => channel;
      }
      callback?.(null, channel);
    });
    return undefined; // the stream arrives through the callback
  }

  override keepSocketAlive(_socket: Duplex): boolean {
    return true;
  }
}

/** Splits a non-TTY container log buffer (8-byte frame headers) into stdout and stderr. */
function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size);
    (kind === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const acceptedLogins = (node: RigNode): number =>
  (readFileSync(node.logFile, 'utf8').match(/Accepted publickey for root/g) ?? []).length;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

describe('test rig: docker over one ssh connection', () => {
  let client: Client;
  let hostKey: Buffer;
  let agent: SshSocketAgent;
  let docker: Docker;
  let loginsBefore = 0;
  let requests = 0;
  const pulled = rig.images.remote[0]!;

  beforeAll(async () => {
    loginsBefore = acceptedLogins(node1);
    ({ client, hostKey } = await connect(node1, rig.clientKey));
    agent = new SshSocketAgent(client, node1.dockerSocket);
    // docker-modem passes `agent` to http.request; @types/dockerode does not declare it.
    const options: Docker.DockerOptions & { agent: http.Agent } = {
      protocol: 'http',
      host: 'docker.over.ssh',
      port: 80,
      agent,
    };
    docker = new Docker(options);
  });

  afterAll(async () => {
    // Safety net; the last test asserts the same cleanup.
    const leftovers = await docker
      .listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } })
      .catch(() => []);
    await Promise.all(
      leftovers.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    await docker
      .getImage(pulled)
      .remove({ force: true })
      .catch(() => undefined);
    agent.destroy();
    client.end();
  });

  /** Creates, starts and waits for a container from `image`; returns its exit code and output. */
  async function run(image: string, cmd: string[], env: string[] = []) {
    const container = await docker.createContainer({
      Image: image,
      Cmd: cmd,
      Env: env,
      Labels: { [LABEL]: RUN_ID },
    });
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    const logs = demux(await container.logs({ stdout: true, stderr: true, follow: false }));
    await container.remove({ force: true });
    requests += 5;
    return { exitCode: result.StatusCode, ...logs };
  }

  it('verifies the node by its host key (the one in rig.json, with the fingerprint ssh-keygen printed)', () => {
    expect(hostKey.equals(rawKey(node1.hostPublicKey))).toBe(true);
    const fingerprint = `SHA256:${createHash('sha256').update(hostKey).digest('base64').replace(/=+$/, '')}`;
    expect(fingerprint).toBe(node1.hostKeyFingerprint);
    expect(node1.hostKeyFingerprint).not.toBe(node2.hostKeyFingerprint);
  });

  it('answers ping and version through the tunnel', async () => {
    const pong: unknown = await docker.ping();
    expect(Buffer.isBuffer(pong) ? pong.toString('utf8') : pong).toBe('OK');
    const version = await docker.version();
    expect(version.ApiVersion).toMatch(/^1\.\d+$/);
    expect(version.Os).toBe('linux');
    expect(version.Version.length).toBeGreaterThan(0);
    requests += 2;
  });

  it('lists the local test image', async () => {
    const images = await docker.listImages();
    expect(images.flatMap((image) => image.RepoTags ?? [])).toContain(rig.images.local);
    requests += 1;
  });

  it('runs a container from the local image and reads its logs', async () => {
    const mark = `hello-${RUN_ID}`;
    // `sh`, `echo`, `cat` resolved through the image's PATH; MARK comes from the container's env.
    const result = await run(
      rig.images.local,
      ['sh', '-c', 'echo "$MARK"; cat /etc/hoster-image; echo oops >&2'],
      [`MARK=${mark}`],
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${mark}\nlocal\n`);
    expect(result.stderr).toBe('oops\n');
  });

  it('reports a failing command as a non-zero exit code', async () => {
    const result = await run(rig.images.local, ['sh', '-c', 'exit 3']);
    expect(result.exitCode).toBe(3);
  });

  it('pulls from the local registry with progress events, and the pulled image runs', async () => {
    // up.sh leaves the registry's images out of the engine; another test file may have pulled this one.
    await docker
      .getImage(pulled)
      .remove({ force: true })
      .catch(() => undefined);
    expect((await docker.listImages()).flatMap((image) => image.RepoTags ?? [])).not.toContain(pulled);
    const stream = await docker.pull(pulled);
    const events: PullEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error) => (error ? reject(error) : resolve()),
        (event: PullEvent) => events.push(event),
      );
    });
    requests += 1;
    expect(events.filter((e) => e.error)).toEqual([]);
    const statuses = events.map((e) => e.status ?? '');
    expect(statuses[0]).toBe('Pulling from hoster/busybox');
    // Per-layer progress: the layer is fetched (not "Already exists") and extracted.
    const layerEvents = events.filter((e) => e.id && e.id !== '1');
    expect(layerEvents.map((e) => e.status)).toEqual(
      expect.arrayContaining(['Pulling fs layer', 'Download complete', 'Pull complete']),
    );
    expect(statuses).not.toContain('Already exists');
    // Byte progress (Downloading / Extracting carry current and total).
    const progress = events.filter((e) => (e.progressDetail?.total ?? 0) > 0);
    expect(progress.length).toBeGreaterThan(0);
    for (const e of progress)
      expect(e.progressDetail!.current!).toBeLessThanOrEqual(e.progressDetail!.total!);
    expect(statuses.at(-1)).toBe(`Status: Downloaded newer image for ${pulled}`);

    const inspected = await docker.getImage(pulled).inspect();
    expect(inspected.RepoTags).toContain(pulled);
    const result = await run(pulled, ['cat', '/etc/hoster-image']);
    expect(result.stdout).toBe('1\n');
  });

  it('publishes a container port on the host (busybox httpd)', async () => {
    const port = await freePort();
    const container = await docker.createContainer({
      Image: rig.images.local,
      Cmd: [
        'sh',
        '-c',
        'mkdir -p /www && echo "served $MARK" > /www/index.html && exec httpd -f -p 80 -h /www',
      ],
      Env: [`MARK=${RUN_ID}`],
      Labels: { [LABEL]: RUN_ID },
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    await container.start();
    try {
      // httpd needs a moment to listen; bounded retries.
      let body = '';
      for (let attempt = 0; attempt < 50 && !body.startsWith('served'); attempt += 1) {
        body = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })
          .then((response) => response.text())
          .catch(() => '');
        if (!body.startsWith('served')) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(body).toBe(`served ${RUN_ID}\n`);
    } finally {
      await container.remove({ force: true });
    }
    requests += 3;
  });

  it('serves many concurrent requests on the ONE ssh connection', async () => {
    const pongs = await Promise.all(Array.from({ length: 12 }, () => docker.ping() as Promise<unknown>));
    requests += pongs.length;
    for (const pong of pongs) expect(Buffer.isBuffer(pong) ? pong.toString('utf8') : pong).toBe('OK');
    expect(requests).toBeGreaterThan(25);
    expect(agent.channelsOpened).toBeGreaterThan(0);
    // Client side: one handshake. Server side: sshd logged exactly one login since this block began.
    expect(sshConnections).toBe(1);
    expect(acceptedLogins(node1) - loginsBefore).toBe(1);
  });

  it("lets the node's own docker CLI reach the same engine (sshd SetEnv DOCKER_HOST)", async () => {
    const output = await new Promise<string>((resolve, reject) => {
      client.exec("docker version --format '{{.Server.Version}}'", (error, channel) => {
        if (error) {
          reject(error);
          return;
        }
        let text = '';
        channel.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        channel.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        channel.on('close', (code: number | null) =>
          code === 0 ? resolve(text.trim()) : reject(new Error(`exit ${code}: ${text}`)),
        );
      });
    });
    expect(output).toBe((await docker.version()).Version);
  });

  it('cleans up what it created', async () => {
    await docker.getImage(pulled).remove({ force: true });
    const tags = (await docker.listImages()).flatMap((image) => image.RepoTags ?? []);
    expect(tags).not.toContain(pulled);
    expect(tags).toContain(rig.images.local);
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } });
    expect(leftovers).toEqual([]);
  });
});

describe('test rig: ssh access control', () => {
  it('refuses the key that is not authorized', async () => {
    const error: unknown = await connect(node1, rig.wrongKey).then(
      ({ client }) => {
        client.end();
        return new Error('connected with the wrong key');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('All configured authentication methods failed');
    expect((error as Error & { level?: string }).level).toBe('client-authentication');
  });

  it("refuses a node whose host key is not the expected one (node2 presenting node2's key, node1's expected)", async () => {
    const error: unknown = await connect(node2, rig.clientKey, node1.hostPublicKey).then(
      ({ client }) => {
        client.end();
        return new Error('connected despite the wrong host key');
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/verification failed/i);
  });

  it('lets the client key into node2, which has its own host key', async () => {
    const { client, hostKey } = await connect(node2, rig.clientKey);
    try {
      expect(hostKey.equals(rawKey(node2.hostPublicKey))).toBe(true);
      expect(hostKey.equals(rawKey(node1.hostPublicKey))).toBe(false);
    } finally {
      client.end();
    }
  });

  it('takes a node down and brings it back (tests/rig/node.sh, for fault tests)', async () => {
    const control = (action: string) =>
      exec('bash', [rig.nodeControl, rig.rigDir, action, node2.name], { timeout: 30_000 });
    const { client: live } = await connect(node2, rig.clientKey);
    const closed = new Promise<void>((resolve) => live.once('close', () => resolve()));
    try {
      await control('stop');
      expect((await control('status')).stdout.trim()).toBe('down');
      // The live connection is cut too, and new ones are refused.
      await closed;
      const error: unknown = await connect(node2, rig.clientKey).then(
        ({ client }) => {
          client.end();
          return new Error('connected to a stopped node');
        },
        (e: unknown) => e,
      );
      expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    } finally {
      await control('start');
    }
    expect((await control('status')).stdout.trim()).toBe('up');
    const { client, hostKey } = await connect(node2, rig.clientKey);
    client.end();
    expect(hostKey.equals(rawKey(node2.hostPublicKey))).toBe(true);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** Runs in its own process, so the delays cost the measured app no CPU: listen, connect, delay each chunk. */
const proxyScript = `
const net = require('node:net');
const { routes, delayMs } = JSON.parse(process.argv[1]);
const delayed = (from, to) => from.on('data', (chunk) => setTimeout(() => to.write(chunk), delayMs));
for (const route of routes) {
  net.createServer((client) => {
    client.setNoDelay(true);
    const upstream = net.connect({ host: route.toHost, port: route.toPort, noDelay: true });
    delayed(client, upstream);
    delayed(upstream, client);
    const close = () => setTimeout(() => { client.destroy(); upstream.destroy(); }, delayMs);
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }).listen(route.port, route.host);
}
`;

export interface DelayProxy {
  stop(): Promise<void>;
}

/**
 * TCP proxies on loopback that hold every chunk for `delayMs` each way, as a wide-area network
 * would, so a benchmark on one machine can show what happens when nodes are really far away.
 */
export async function startDelayProxy(
  routes: { host: string; port: number; toHost: string; toPort: number }[],
  delayMs: number,
): Promise<DelayProxy> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', proxyScript, JSON.stringify({ routes, delayMs })],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  for (const route of routes) {
    for (;;) {
      const isUp = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: route.host, port: route.port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (isUp) break;
      if (Date.now() > deadline) throw new Error(`delay proxy on ${route.host}:${route.port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Domains with HTTPS against real parts: the rig's Caddy image as the node's proxy, Pebble as the
 * ACME CA (trusted through the setting a private CA needs) and challtestsrv as the DNS both Pebble
 * and the domain check ask. A deployment gets a name, is served over HTTPS with a certificate that
 * chains to Pebble's root, loses its route at once when stopped or when the name is removed, and a
 * proxy removed behind the app's back is put back by the next reconcile.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, request as plainRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAINS_WORKER } from '../../src/main/core/domains';
import { deployAndSettle } from '../helpers/deploy';
import { webTemplate } from '../helpers/web-template';
import { pointAt as pointAtIn, rigDomainSettings } from '../helpers/rig-domains';
import { addRigNode } from '../helpers/rig-node';
import { createTestCore, type TestCore } from '../helpers/test-core';
import { loadRig } from '../rig/rig';

const rig = loadRig();
const docker = new Docker({ socketPath: rig.dockerSocket });
const node = rig.nodes[0]!;
const suffix = randomBytes(3).toString('hex');
const pebbleRoot = readFileSync(rig.acme.rootFile, 'utf8');
let t: TestCore;
let nodeId = '';
let deploymentId = '';
let deploymentName = '';

const pointAt = (hostname: string, address: string | null) => pointAtIn(rig, hostname, address);

/** GET https://hostname/ from the node's address, trusting only Pebble's root: the body, or the error. */
function fetchHttps(hostname: string, login?: string): Promise<{ status: number; body: string } | { error: string }> {
  const headers = { host: hostname, ...(login ? { authorization: `Basic ${Buffer.from(login).toString('base64')}` } : {}) };
  return new Promise((resolve) => {
    const req = request(
      { host: node.host, port: 443, servername: hostname, path: '/', headers, ca: pebbleRoot, timeout: 5000 },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on('error', (error) => resolve({ error: error.message }));
    req.end();
  });
}

/** POSTs `bytes` zero bytes to the app's upload counter through the proxy; what the app says it got. */
function uploadHttps(hostname: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: node.host,
        port: 443,
        servername: hostname,
        path: '/cgi-bin/size',
        method: 'POST',
        headers: { host: hostname, 'content-type': 'application/octet-stream', 'content-length': bytes },
        ca: pebbleRoot,
        timeout: 30_000,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: body.trim() }));
      },
    );
    req.on('error', reject);
    req.end(Buffer.alloc(bytes));
  });
}

function fetchHttp(hostname: string): Promise<{ status: number; location: string }> {
  return new Promise((resolve, reject) => {
    const req = plainRequest({ host: node.host, port: 80, path: '/', headers: { host: hostname }, timeout: 5000 }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? '' });
    });
    req.on('error', reject);
    req.end();
  });
}

const template = (version: string, page: string) =>
  webTemplate(rig.images.local, { slug: `web-page-${suffix}`, version, page, stopGraceSeconds: 2, countsUploads: true });
let templateId = '';

/**
 * An upgrade-only server (busybox nc runs it per connection): reads the request, answers 101, then
 * echoes every byte. Enough to see an upgrade and its stream cross the proxy both ways.
 */
const upgradeEcho = [
  '#!/bin/sh',
  'while read -r line; do',
  "  line=$(printf %s \"$line\" | tr -d '\\r')",
  '  [ -z "$line" ] && break',
  'done',
  "printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n\\r\\n'",
  'exec cat',
  '',
].join('\n');

const wsTemplate = () => {
  const web = webTemplate(rig.images.local, { slug: `ws-echo-${suffix}`, page: 'unused' });
  const encoded = Buffer.from(upgradeEcho).toString('base64');
  return {
    manifest: { ...web.manifest, name: 'Upgrade echo', primary: { service: 'ws', port: 8081 } },
    compose: [
      'services:',
      '  ws:',
      `    image: ${rig.images.local}`,
      `    command: ["sh", "-c", "echo ${encoded} | base64 -d > /echo.sh && chmod +x /echo.sh && exec nc -ll -p 8081 -e /echo.sh"]`,
      '    ports: ["8081"]',
      '    stop_grace_period: 1s',
      '',
    ].join('\n'),
  };
};

/** Over TLS to the node's proxy: an upgrade request, then `message` sent; the status line and what came back. */
function upgradeThroughProxy(hostname: string, message: string): Promise<{ status: string; echoed: string }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: node.host, port: 443, servername: hostname, ca: pebbleRoot });
    let received = '';
    let status = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no echo through the proxy; got ${JSON.stringify(received)}`));
    }, 10_000);
    socket.once('secureConnect', () =>
      socket.write(
        `GET / HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      const end = received.indexOf('\r\n\r\n');
      if (!status && end !== -1) {
        status = received.slice(0, received.indexOf('\r\n'));
        received = received.slice(end + 4);
        socket.write(message);
      }
      if (status && received.includes(message)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status, echoed: message });
      }
    });
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

beforeAll(async () => {
  t = createTestCore({ systemDnsServers: [rig.acme.dns.server] });
  await t.call('settings:update', {
    deployments: { stableSeconds: 1, healthTimeoutSeconds: 60 },
    domains: rigDomainSettings(rig),
  });
  nodeId = (await addRigNode(t, rig)).id;
  const created = await t.call('templates:create', template('1.0.0', 'served over https'));
  templateId = created.summary.id;
  await t.call('templates:publish', { id: templateId, version: '1.0.0' });
  await t.call('templates:update', { id: templateId, ...template('1.1.0', 'second version') });
  await t.call('templates:publish', { id: templateId, version: '1.1.0' });
  deploymentName = `page-${suffix}`;
  const deployed = await deployAndSettle(t, { templateId, version: '1.0.0', name: deploymentName, nodeId });
  expect(deployed.status).toBe('running');
  deploymentId = deployed.id;
}, 120_000);

afterAll(async () => {
  for (const domain of await t.call('domains:list', {})) await t.call('domains:remove', { id: domain.id }).catch(() => undefined);
  if (deploymentId) await t.call('deployments:delete', { id: deploymentId, deleteData: true });
  await t.core.jobs.settled();
  await docker.getContainer('hoster-proxy').remove({ force: true }).catch(() => undefined);
  await t.close();
}, 60_000);

describe('domains on a node', () => {
  const automatic = () => `${deploymentName}.${node.host}.sslip.io`;

  it('ports 80 and 443 held by another program: the install fails naming it, and no proxy is left', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(443, node.host, resolve));
    try {
      await pointAt(automatic(), node.host);
      const { domain, jobId } = await t.call('domains:add', { deploymentId, kind: 'automatic' });
      await t.core.jobs.settled();
      const job = await t.call('jobs:get', { id: jobId });
      expect(job.status).toBe('failed');
      expect(job.error?.message).toMatch(/^Ports 80 and 443 on the node must be free for the proxy, but .*\(pid \d+\) on port 443 holds them\./);
      expect((await t.call('domains:list', { deploymentId }))[0]).toMatchObject({ status: 'failed', error: job.error?.message });
      expect(await t.call('domains:proxy', { nodeId })).toMatchObject({ status: 'failed' });
      expect(await docker.listContainers({ all: true, filters: { name: ['^/hoster-proxy$'] } })).toEqual([]);
      const certificateAlerts = async () =>
        (await t.call('alerts:list', {})).filter((a) => a.kind === 'certificate' && a.deploymentId === deploymentId);
      expect((await certificateAlerts()).map((a) => `${a.severity}: ${a.title}`)).toEqual([
        `error: No certificate for ${automatic()}`,
      ]);
      await t.call('domains:remove', { id: domain.id });
      expect(await certificateAlerts()).toEqual([]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);

  it('installs the proxy with the first domain and serves the app over HTTPS with a certificate from the CA', async () => {
    expect((await t.call('domains:list', { deploymentId })).length).toBe(0);
    const { domain, jobId } = await t.call('domains:add', { deploymentId, kind: 'automatic' });
    expect(domain).toMatchObject({ hostname: automatic(), status: 'pending', service: 'web', port: 80 });
    await t.core.jobs.settled();
    expect(await t.call('jobs:get', { id: jobId })).toMatchObject({ status: 'succeeded' });
    const [active] = await t.call('domains:list', { deploymentId });
    expect(active).toMatchObject({ status: 'active', error: null });
    expect(active?.certificate?.issuer).toMatch(/Pebble/);
    expect(Date.parse(active?.certificate?.notAfter ?? '')).toBeGreaterThan(Date.now());
    const proxy = await t.call('domains:proxy', { nodeId });
    expect(`${proxy.status} ${proxy.version ?? ''}`).toMatch(/^running v?2\./);

    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'served over https\n' });
    expect(await fetchHttp(automatic())).toEqual({ status: 308, location: `https://${automatic()}/` });
    expect(await t.call('deployments:open', { id: deploymentId })).toEqual({ url: `https://${automatic()}/` });
    // Uploads pass whole: the proxy sets no body limit of its own.
    expect(await uploadHttps(automatic(), 32 * 1024 * 1024)).toEqual({ status: 200, body: String(32 * 1024 * 1024) });
  }, 120_000);

  it('a certificate the CA refuses: the domain fails with the reason the CA gave, an alert is raised, and the app still answers elsewhere', async () => {
    const other = await deployAndSettle(t, { templateId, version: '1.0.0', name: `nodns-${suffix}`, nodeId });
    expect(other.status).toBe('running');
    // No DNS record for its automatic name: the CA cannot validate it.
    const { jobId } = await t.call('domains:add', { deploymentId: other.id, kind: 'automatic' });
    await t.core.jobs.settled();
    expect((await t.call('jobs:get', { id: jobId })).status).toBe('failed');
    const [failed] = await t.call('domains:list', { deploymentId: other.id });
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(new RegExp(`^No certificate for nodns-${suffix}\\..*: .*(DNS|NXDOMAIN|dns).*The proxy keeps trying`));
    const alerts = await t.call('alerts:list', {});
    expect(alerts.some((a) => a.kind === 'certificate' && a.deploymentId === other.id)).toBe(true);
    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'served over https\n' });
    await t.call('deployments:delete', { id: other.id, deleteData: true });
    await t.core.jobs.settled();
    await expect.poll(async () => (await t.call('domains:list', { deploymentId: other.id })).length).toBe(0);
  }, 120_000);

  it('passes a WebSocket-style upgrade, and the stream after it, both ways', async () => {
    const created = await t.call('templates:create', wsTemplate());
    await t.call('templates:publish', { id: created.summary.id, version: '1.0.0' });
    const echo = await deployAndSettle(t, { templateId: created.summary.id, version: '1.0.0', name: `echo-${suffix}`, nodeId });
    expect(echo.status).toBe('running');
    const name = `echo-${suffix}.${node.host}.sslip.io`;
    await pointAt(name, node.host);
    await t.call('domains:add', { deploymentId: echo.id, kind: 'automatic' });
    await t.core.jobs.settled();
    expect((await t.call('domains:list', { deploymentId: echo.id }))[0]?.status).toBe('active');
    expect(await upgradeThroughProxy(name, 'ping through the proxy')).toEqual({
      status: 'HTTP/1.1 101 Switching Protocols',
      echoed: 'ping through the proxy',
    });
    await t.call('deployments:delete', { id: echo.id, deleteData: true });
    await t.core.jobs.settled();
  }, 120_000);

  it('checks a custom name in DNS: refused with the record to create, accepted once it points at the node', async () => {
    const name = `shop-${suffix}.test`;
    await pointAt(name, '127.0.0.9');
    const check = await t.call('domains:check-dns', { hostname: name, nodeId });
    expect(check.isOk).toBe(false);
    expect(check.advice).toBe(
      `${name} points to 127.0.0.9, not to this node. At your DNS provider, change it to A ${name} → ${node.host}, wait for the change to spread, and check again.`,
    );
    const refused = await t.fail('domains:add', { deploymentId, kind: 'custom', hostname: name });
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'hostname' });
    expect((await t.call('domains:list', { deploymentId })).map((d) => d.hostname)).toEqual([automatic()]);

    await pointAt(name, node.host);
    await t.call('domains:add', { deploymentId, kind: 'custom', hostname: name });
    await t.core.jobs.settled();
    expect((await t.call('domains:list', { deploymentId })).find((d) => d.hostname === name)?.status).toBe('active');
    expect(await fetchHttps(name)).toEqual({ status: 200, body: 'served over https\n' });
    expect(await t.fail('domains:add', { deploymentId, kind: 'custom', hostname: name })).toMatchObject({ code: 'conflict' });
    expect(await t.fail('domains:add', { deploymentId, kind: 'custom', hostname: '*.example.com' })).toMatchObject({
      code: 'invalid_input',
      field: 'hostname',
    });
  }, 120_000);

  it('takes a removed name off the proxy at once', async () => {
    const name = `shop-${suffix}.test`;
    const domain = (await t.call('domains:list', { deploymentId })).find((d) => d.hostname === name)!;
    await t.call('domains:remove', { id: domain.id });
    const after = await fetchHttps(name);
    expect('error' in after || after.status === 404).toBe(true);
    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'served over https\n' });
  }, 60_000);

  it('a stopped deployment loses its route at once and gets it back when started', async () => {
    await t.call('deployments:stop', { id: deploymentId });
    await t.core.jobs.settled();
    await expect.poll(async () => (await t.call('domains:list', { deploymentId }))[0]?.status, { timeout: 10_000 }).toBe('paused');
    const stopped = await fetchHttps(automatic());
    expect('error' in stopped || stopped.status === 404).toBe(true);
    await t.call('deployments:start', { id: deploymentId });
    await t.core.jobs.settled();
    await expect.poll(async () => (await t.call('domains:list', { deploymentId }))[0]?.status, { timeout: 20_000 }).toBe('active');
    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'served over https\n' });
  }, 60_000);

  it('follows an update that switches host ports: the domain answers throughout', async () => {
    const before = (await t.call('deployments:get', { id: deploymentId })).ports[0]?.hostPort;
    await t.call('deployments:update', { id: deploymentId, version: '1.1.0' });
    const settled = t.core.jobs.settled();
    const answers: string[] = [];
    const state = { isDone: false };
    void settled.finally(() => (state.isDone = true));
    for (const deadline = Date.now() + 90_000; !state.isDone && Date.now() < deadline; ) {
      const answer = await fetchHttps(automatic());
      answers.push('error' in answer ? `error: ${answer.error}` : `${String(answer.status)} ${answer.body.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(answers.filter((a) => !a.startsWith('200 '))).toEqual([]);
    expect(answers.at(-1)).toBe('200 second version');
    expect((await t.call('deployments:get', { id: deploymentId })).ports[0]?.hostPort).not.toBe(before);
  }, 120_000);

  it('puts back a proxy removed behind its back, with its routes, on the next reconcile', async () => {
    await docker.getContainer('hoster-proxy').remove({ force: true });
    expect('error' in (await fetchHttps(automatic()))).toBe(true);
    await t.call('workers:run', { name: DOMAINS_WORKER });
    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'second version\n' });
  }, 60_000);

  it('puts a password in front of a domain, and takes it away', async () => {
    const [domain] = await t.call('domains:list', { deploymentId });
    const protectedDomain = await t.call('domains:set-auth', {
      id: domain!.id,
      basicAuth: { username: 'family', password: 'correct horse battery' },
    });
    expect(protectedDomain.basicAuthUser).toBe('family');
    expect(await fetchHttps(automatic())).toMatchObject({ status: 401 });
    expect(await fetchHttps(automatic(), 'family:wrong password here')).toMatchObject({ status: 401 });
    expect(await fetchHttps(automatic(), 'family:correct horse battery')).toEqual({ status: 200, body: 'second version\n' });
    expect(t.databaseText()).not.toContain('correct horse battery');
    expect(t.transcript()).not.toContain('correct horse battery');
    expect((await t.fail('domains:set-auth', { id: domain!.id, basicAuth: { username: 'x', password: 'short' } })).code).toBe(
      'invalid_input',
    );

    await t.call('domains:set-auth', { id: domain!.id, basicAuth: null });
    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'second version\n' });
  }, 60_000);

  it('upgrades the proxy as a job keeping its routes, and removes it only once no domain is left', async () => {
    const upgrade = await t.call('domains:proxy-upgrade', { nodeId });
    await t.core.jobs.settled();
    expect(await t.call('jobs:get', { id: upgrade.jobId })).toMatchObject({ status: 'succeeded' });
    expect(await fetchHttps(automatic())).toEqual({ status: 200, body: 'second version\n' });

    const [domain] = await t.call('domains:list', { deploymentId });
    expect((await t.fail('domains:proxy-remove', { nodeId })).message).toBe(
      `rig ${node.name} still routes ${automatic()}; remove that domain first.`,
    );
    await t.call('domains:remove', { id: domain!.id });
    const removal = await t.call('domains:proxy-remove', { nodeId });
    await t.core.jobs.settled();
    expect(await t.call('jobs:get', { id: removal.jobId })).toMatchObject({ status: 'succeeded' });
    expect(await t.call('domains:proxy', { nodeId })).toMatchObject({ status: 'absent' });
    expect(await docker.listContainers({ all: true, filters: { name: ['^/hoster-proxy$'] } })).toEqual([]);
  }, 120_000);
});

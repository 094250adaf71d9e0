import type { Domain } from '@shared/contract/domains';
import type { CoreContext } from '../core-context';
import { servedCertificate } from './certificates';
import type { DomainRepository } from './domain-repository';
import type { NodeProxies } from './node-proxy';
import type { DomainPorts } from './ports';
import { proxyLogs } from './proxy-container';

/** How long a new name may wait for its certificate, with no error from the CA, before it counts as failed. */
const CERTIFICATE_PATIENCE_MS = 120_000;

/**
 * What the CA answered for `domain` since it was added, from the proxy's log (Caddy's JSON lines: an
 * `error` level line naming the name, after its `ts`): a DNS problem, a rate limit, port 80 closed.
 */
export function issuerError(lines: readonly string[], domain: Pick<Domain, 'hostname' | 'createdAt'>): string | null {
  const since = Date.parse(domain.createdAt) / 1000;
  for (const line of [...lines].reverse()) {
    if (!line.includes(`"${domain.hostname}"`) || !line.includes('"level":"error"')) continue;
    try {
      const entry = JSON.parse(line) as { ts?: number; error?: string; msg?: string };
      if ((entry.ts ?? 0) >= since) return entry.error ?? entry.msg ?? null;
    } catch {
      // Not one of Caddy's JSON lines.
    }
  }
  return null;
}

const failedBecause = (hostname: string, reason: string) =>
  `No certificate for ${hostname}: ${reason}. The proxy keeps trying; the app stays reachable on its other addresses.`;

/** A routed domain the proxy has no certificate for: failed when the CA said why (or after long silence), else pending. */
async function withoutCertificate(ports: DomainPorts, domain: Domain): Promise<Partial<Domain>> {
  const lines = await proxyLogs(await ports.connections.docker(domain.nodeId), 400).catch(() => []);
  const reason = issuerError(lines, domain);
  if (reason) return { status: 'failed', error: failedBecause(domain.hostname, reason) };
  if (Date.now() - Date.parse(domain.createdAt) > CERTIFICATE_PATIENCE_MS)
    return {
      status: 'failed',
      error: failedBecause(domain.hostname, 'the CA has not issued one; check that ports 80 and 443 reach this node'),
    };
  return { status: 'pending', error: null };
}

/** Domain statuses from what the node's proxy really serves: the certificate read over TLS, per name. */
export function createDomainStates(
  context: CoreContext,
  repository: DomainRepository,
  ports: DomainPorts,
  proxies: NodeProxies,
) {
  const save = (domain: Domain, change: Partial<Domain>) => {
    const next = { ...domain, ...change };
    if (JSON.stringify(next) === JSON.stringify(domain)) return domain;
    repository.save(next, context.clock.now().toISOString());
    context.events.emit('domains:changed', next);
    return next;
  };

  /** Reads the certificate of every routed domain on the node (one forward to its port 443) and records what it found. */
  async function refresh(nodeId: string): Promise<Domain[]> {
    const domains = repository.onNode(nodeId);
    const routed = domains.filter((domain) => proxies.routeOf(domain) !== null);
    for (const domain of domains.filter((d) => !routed.includes(d)))
      save(domain, { status: 'paused', error: null });
    if (routed.length === 0) return repository.onNode(nodeId);
    const address = context.settings.get().domains.proxyListenAddress || '127.0.0.1';
    const forward = await ports.connections.openLocalForward(nodeId, address, 443);
    try {
      for (const domain of routed) {
        const certificate = await servedCertificate(forward.localPort, domain.hostname, () => context.clock.now());
        if (certificate) save(domain, { status: 'active', certificate, error: null });
        else if (domain.status !== 'failed') save(domain, await withoutCertificate(ports, domain));
      }
    } finally {
      await forward.close();
    }
    return repository.onNode(nodeId);
  }

  /** Waits (bounded) until the proxy serves a certificate for the domain: its status then says what happened. */
  async function awaitCertificate(domain: Domain, signal: AbortSignal, patienceMs = CERTIFICATE_PATIENCE_MS + 5000) {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      const current = (await refresh(domain.nodeId)).find((d) => d.id === domain.id);
      if (!current || current.status !== 'pending' || Date.now() > deadline) return current;
      signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  return { save, refresh, awaitCertificate };
}

export type DomainStates = ReturnType<typeof createDomainStates>;

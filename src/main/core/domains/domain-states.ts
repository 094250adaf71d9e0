import type { Domain } from '@shared/contract/domains';
import type { CoreContext } from '../core-context';
import { servedCertificate } from './certificates';
import type { DomainRepository } from './domain-repository';
import type { NodeProxies } from './node-proxy';
import type { DomainPorts } from './ports';
import { proxyLogs } from './proxy-container';

/** How long a new name may wait for its certificate before the reason is looked for in the proxy's log. */
const CERTIFICATE_PATIENCE_MS = 120_000;

/** What the proxy's log says went wrong for `hostname` (an ACME error: DNS, rate limit, port 80 closed). */
async function certificateError(ports: DomainPorts, nodeId: string, hostname: string): Promise<string> {
  const lines = await proxyLogs(await ports.connections.docker(nodeId), 200).catch(() => []);
  const about = lines.filter((line) => line.includes(hostname) && /"level":"error"|error/i.test(line)).at(-1);
  const reason = about ? (/"error":"([^"]+)"/.exec(about)?.[1] ?? about) : null;
  return reason
    ? `No certificate for ${hostname} yet: ${reason}. The app stays reachable on its old address.`
    : `No certificate for ${hostname} yet: the CA has not issued one. Check that ports 80 and 443 reach this node, then remove and add the domain again.`;
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
        else if (domain.status === 'failed') continue;
        else if (Date.now() - Date.parse(domain.createdAt) > CERTIFICATE_PATIENCE_MS)
          save(domain, { status: 'failed', error: await certificateError(ports, nodeId, domain.hostname) });
        else save(domain, { status: 'pending', error: null });
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

import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BasicAuth, Domain, DomainKind } from '@shared/contract/domains';
import type { Node } from '@shared/contract/nodes';
import { AppError } from '@shared/result';
import type { CoreContext } from '../core-context';
import { forgetAuth, storeAuth } from './basic-auth';
import { checkDns } from './dns-check';
import type { DomainRepository } from './domain-repository';
import type { DomainStates } from './domain-states';
import { automaticHostname, checkHostname } from './hostnames';
import { ROUTED_STATUSES, type NodeProxies } from './node-proxy';
import type { DomainPorts } from './ports';

export interface DomainDeps {
  context: CoreContext;
  repository: DomainRepository;
  ports: DomainPorts;
  proxies: NodeProxies;
  states: DomainStates;
}

/** The node's public addresses: its host when that is an address, else what this computer resolves it to. */
async function nodeAddresses(node: Node): Promise<string[]> {
  if (isIP(node.host) !== 0) return [node.host];
  const found = await lookup(node.host, { all: true }).catch(() => []);
  if (found.length === 0)
    throw new AppError('host_unreachable', `${node.host} does not resolve from this computer, so its address is unknown.`);
  return found.map((entry) => entry.address);
}

function reachableNode(ports: DomainPorts, nodeId: string): Node {
  const node = ports.nodes.get(nodeId);
  if (!node) throw new AppError('not_found', 'The deployment’s node no longer exists.');
  if (node.status === 'offline')
    throw new AppError('host_unreachable', `${node.name} cannot be reached; add the domain when it is back.`);
  return node;
}

/** Resolves `hostname` over this computer's resolvers and the public one in settings, against the node. */
export async function dnsCheckFor(deps: DomainDeps, hostname: string, nodeId: string) {
  const node = deps.ports.nodes.get(nodeId);
  if (!node) throw new AppError('not_found', 'That node no longer exists.');
  const resolver = deps.context.settings.get().domains.dnsResolver;
  return checkDns(checkHostname(hostname), await nodeAddresses(node), [
    { label: 'this computer', servers: deps.ports.systemDnsServers ? [...deps.ports.systemDnsServers] : null },
    { label: resolver, servers: [resolver] },
  ]);
}

/** The name a new domain gets, checked: valid, free across the fleet, and for a custom one, pointing at the node. */
async function nameFor(
  deps: DomainDeps,
  request: { kind: DomainKind; hostname: string | undefined; deploymentName: string; node: Node },
): Promise<string> {
  const name =
    request.kind === 'automatic'
      ? automaticHostname(request.deploymentName, (await nodeAddresses(request.node))[0] ?? request.node.host)
      : checkHostname(request.hostname ?? '');
  const taken = deps.repository.byHostname(name);
  if (taken) {
    const owner = deps.ports.deployments.target(taken.deploymentId)?.name ?? 'another deployment';
    throw new AppError('conflict', `${name} is already routed to ${owner}; remove it there first.`, { field: 'hostname' });
  }
  if (request.kind === 'custom') {
    const dns = await dnsCheckFor(deps, name, request.node.id);
    if (!dns.isOk) throw new AppError('invalid_input', dns.advice ?? `${name} does not point at this node.`, { field: 'hostname', details: { dns } });
  }
  return name;
}

/**
 * Routes a running deployment's service at a name: the row first (pending), then a job that puts the
 * proxy on the node if it has none, routes the name and waits for its certificate.
 */
export async function addDomain(
  deps: DomainDeps,
  input: {
    deploymentId: string;
    kind: DomainKind;
    hostname?: string | undefined;
    service?: string | undefined;
    basicAuth?: BasicAuth | undefined;
  },
) {
  const { repository, ports, context } = deps;
  const target = ports.deployments.target(input.deploymentId);
  if (!target) throw new AppError('not_found', 'That deployment no longer exists.');
  if (!ROUTED_STATUSES.includes(target.status))
    throw new AppError('conflict', `${target.name} is ${target.status}; start it before adding a domain.`);
  const node = reachableNode(ports, target.nodeId);
  const service = input.service ?? target.primaryService ?? target.ports[0]?.service;
  const port = target.ports.find((p) => p.service === service);
  if (!service || !port)
    throw new AppError('invalid_input', `${service ?? target.name} publishes no TCP port to route a domain to.`, { field: 'service' });
  const hostname = await nameFor(deps, { kind: input.kind, hostname: input.hostname, deploymentName: target.name, node });
  const at = context.clock.now().toISOString();
  const domain: Domain = {
    id: `dom_${randomUUID()}`,
    deploymentId: target.id,
    nodeId: node.id,
    hostname,
    kind: input.kind,
    service,
    port: port.containerPort,
    status: 'pending',
    basicAuthUser: input.basicAuth?.username ?? null,
    certificate: null,
    error: null,
    createdAt: at,
  };
  repository.save(domain, at);
  context.events.emit('domains:changed', domain);
  const job = context.jobs.start('domain:add', target.id, async (run) => {
    try {
      const step = (text: string) => run.progress({ step: text });
      await deps.proxies.sync(node.id, { step, signal: run.signal });
      // A protected domain is routed only once its password's hash is in the keychain.
      if (input.basicAuth) {
        step('Protecting it with a password');
        await storeAuth(context.secrets, await ports.connections.docker(node.id), domain.id, input.basicAuth.password);
        await deps.proxies.sync(node.id, { step, signal: run.signal });
      }
    } catch (error) {
      const current = repository.get(domain.id);
      if (current) deps.states.save(current, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    run.progress({ step: `Getting a certificate for ${hostname}` });
    const settled = await deps.states.awaitCertificate(domain, run.signal);
    if (settled?.status === 'failed') throw new AppError('unavailable', settled.error ?? `No certificate for ${hostname}.`);
  });
  return { domain, jobId: job.id };
}

/** The proxy replaced from its image as the registry has it now (a job), on a node that can be reached. */
export function upgradeProxy(deps: DomainDeps, nodeId: string) {
  const node = reachableNode(deps.ports, nodeId);
  const job = deps.context.jobs.start('proxy:upgrade', node.id, (run) =>
    deps.proxies.upgrade(node.id, { step: (step) => run.progress({ step }), signal: run.signal }),
  );
  return { jobId: job.id };
}

/** The proxy taken off a node (a job); refused while any domain is still routed there. */
export function removeProxyFrom(deps: DomainDeps, nodeId: string) {
  const node = reachableNode(deps.ports, nodeId);
  const left = deps.repository.onNode(nodeId);
  if (left.length > 0)
    throw new AppError(
      'conflict',
      `${node.name} still routes ${left.map((d) => d.hostname).join(', ')}; remove ${left.length === 1 ? 'that domain' : 'those domains'} first.`,
    );
  const job = deps.context.jobs.start('proxy:remove', node.id, (run) =>
    deps.proxies.remove(node.id, (step) => run.progress({ step })),
  );
  return { jobId: job.id };
}

/** Takes the route off the proxy at once, then forgets the domain; a proxy that cannot be told keeps the row. */
export async function removeDomain(deps: DomainDeps, id: string) {
  const domain = deps.repository.get(id);
  if (!domain) throw new AppError('not_found', 'That domain no longer exists.');
  const node = deps.ports.nodes.get(domain.nodeId);
  if (node) {
    reachableNode(deps.ports, domain.nodeId);
    await deps.proxies.sync(domain.nodeId, { leaving: id });
  }
  deps.repository.remove(id);
  await forgetAuth(deps.context.secrets, id);
  deps.context.events.emit('domains:removed', { id, deploymentId: domain.deploymentId });
  return { id };
}

/** A password put in front of the domain, changed, or (null) taken away; the proxy follows at once. */
export async function setDomainAuth(deps: DomainDeps, id: string, auth: BasicAuth | null) {
  const domain = deps.repository.get(id);
  if (!domain) throw new AppError('not_found', 'That domain no longer exists.');
  reachableNode(deps.ports, domain.nodeId);
  if (auth) await storeAuth(deps.context.secrets, await deps.ports.connections.docker(domain.nodeId), id, auth.password);
  const next = deps.states.save(domain, { basicAuthUser: auth?.username ?? null });
  await deps.proxies.sync(domain.nodeId);
  if (!auth) await forgetAuth(deps.context.secrets, id);
  return next;
}

import type { Domain, NodeProxy } from '@shared/contract/domains';
import type { CoreContext } from '../core-context';
import type { EngineContext } from '../docker/engine-context';
import { createKeyedLock } from '../jobs/keyed-lock';
import { renderConfig, TRUSTED_ROOT_PATH, type Route } from './caddy-config';
import { authHashOf } from './basic-auth';
import type { DomainRepository } from './domain-repository';
import { describePortHolders, PORT_HOLDERS_COMMAND } from './port-holders';
import type { DomainPorts } from './ports';
import { findProxy, installProxy, proxyVersion, pushConfig, removeProxy } from './proxy-container';

/** Deployments in these states are routed; any other leaves its domains paused, with no route. */
export const ROUTED_STATUSES = ['running', 'degraded', 'updating'];

export type Step = EngineContext['step'];

interface ProxyDeps {
  context: CoreContext;
  repository: DomainRepository;
  ports: DomainPorts;
}

/** Records the node's proxy and tells every window. */
function publish(deps: ProxyDeps, proxy: NodeProxy, configHash: string | null) {
  deps.repository.saveProxy({ proxy, configHash });
  deps.context.events.emit('domains:proxy-changed', proxy);
}

/** The route of a domain whose deployment runs and publishes the port; null otherwise. */
const routeOf = (ports: DomainPorts, domain: Domain): Route | null => {
  const target = ports.deployments.target(domain.deploymentId);
  if (!target || !ROUTED_STATUSES.includes(target.status)) return null;
  const port = target.ports.find((p) => p.service === domain.service && p.containerPort === domain.port);
  return port ? { hostname: domain.hostname, upstream: `127.0.0.1:${String(port.hostPort)}` } : null;
};

/** A domain's route with its password check; a protected domain whose hash is not stored yet is not routed. */
async function guardedRoute(deps: ProxyDeps, domain: Domain): Promise<Route | null> {
  const route = routeOf(deps.ports, domain);
  if (!route || domain.basicAuthUser === null) return route;
  const hash = await authHashOf(deps.context.secrets, domain.id);
  return hash ? { ...route, basicAuth: { username: domain.basicAuthUser, hash } } : null;
}

/** The proxy's files for the node's routes now (`leaving`, a domain being removed, left out). */
async function filesFor(deps: ProxyDeps, nodeId: string, leaving?: string) {
  const { acmeDirectory, acmeEmail, acmeTrustedRootPem, proxyListenAddress } = deps.context.settings.get().domains;
  const domains = deps.repository.onNode(nodeId).filter((domain) => domain.id !== leaving);
  const routes = (await Promise.all(domains.map((domain) => guardedRoute(deps, domain)))).flatMap((r) => r ?? []);
  const rendered = renderConfig(routes, {
    acmeDirectory,
    acmeEmail,
    trustedRootFile: acmeTrustedRootPem ? TRUSTED_ROOT_PATH : null,
    listenAddress: proxyListenAddress,
  });
  return { ...rendered, trustedRoot: acmeTrustedRootPem };
}

/** Installs the proxy on the node with the routes it should have now, recording each stage. */
async function install(
  deps: ProxyDeps,
  nodeId: string,
  run: { step: Step; signal: AbortSignal; leaving?: string | undefined; pullAgain?: boolean },
) {
  const { ports, context } = deps;
  const now = () => context.clock.now().toISOString();
  const docker = await ports.connections.docker(nodeId);
  const files = await filesFor(deps, nodeId, run.leaving);
  const image = context.settings.get().domains.proxyImage;
  const base = { nodeId, image, version: null, error: null };
  publish(deps, { ...base, status: 'installing', checkedAt: now() }, null);
  try {
    const pinned = await installProxy(docker, image, { config: files.text, trustedRoot: files.trustedRoot }, {
      signal: run.signal,
      step: run.step,
      registryAuth: (name) => ports.registryAuth(name),
      pullAgain: run.pullAgain ?? false,
      portHolders: async () => describePortHolders((await ports.connections.exec(nodeId, PORT_HOLDERS_COMMAND)).stdout),
    });
    const version = await proxyVersion(docker);
    publish(deps, { ...base, status: 'running', image: pinned, version, checkedAt: now() }, files.hash);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    publish(deps, { ...base, status: 'failed', error: message, checkedAt: now() }, null);
    throw error;
  }
}

/** Keeping each node's proxy in line with the database: installed when needed, its routes rebuilt. */
export function createNodeProxies(context: CoreContext, repository: DomainRepository, ports: DomainPorts) {
  const deps: ProxyDeps = { context, repository, ports };
  const lock = createKeyedLock();

  /**
   * Brings the node's proxy in line: installed (again) when it is missing or not running, else
   * given its routes when they changed. `leaving` is a domain about to be removed, already left out.
   */
  const sync = (nodeId: string, options: { step?: Step; signal?: AbortSignal; leaving?: string } = {}) =>
    lock.run(nodeId, async () => {
      const step = options.step ?? (() => undefined);
      const signal = options.signal ?? new AbortController().signal;
      const docker = await ports.connections.docker(nodeId);
      const container = await findProxy(docker);
      if (!container || container.State !== 'running') {
        // A proxy that is not running serves nothing: taking a name off needs none (reconcile puts it back for the rest).
        if (options.leaving) return;
        step(container ? 'Replacing the stopped proxy' : 'Installing the proxy on the node');
        return install(deps, nodeId, { step, signal, leaving: options.leaving });
      }
      const files = await filesFor(deps, nodeId, options.leaving);
      const known = repository.proxy(nodeId);
      if (known?.configHash === files.hash) return;
      step('Routing');
      await pushConfig(docker, { config: files.text, trustedRoot: files.trustedRoot });
      const proxy = known?.proxy ?? { nodeId, image: container.Image, version: null };
      publish(deps, { ...proxy, status: 'running', error: null, checkedAt: context.clock.now().toISOString() }, files.hash);
    });

  /** The proxy again from its image as the registry has it now, with the same routes and certificates. */
  const upgrade = (nodeId: string, run: { step: Step; signal: AbortSignal }) =>
    lock.run(nodeId, () => install(deps, nodeId, { ...run, pullAgain: true }));

  /** Takes the proxy off a node that no longer has domains; its certificates stay in their volume. */
  const remove = (nodeId: string, step: Step) =>
    lock.run(nodeId, async () => {
      step('Removing the proxy');
      await removeProxy(await ports.connections.docker(nodeId));
      repository.removeProxy(nodeId);
      context.events.emit('domains:proxy-changed', {
        nodeId,
        status: 'absent',
        image: null,
        version: null,
        error: null,
        checkedAt: context.clock.now().toISOString(),
      });
    });

  return { sync, upgrade, remove, routeOf: (domain: Domain) => routeOf(ports, domain) };
}

export type NodeProxies = ReturnType<typeof createNodeProxies>;

import type { NodeProxy } from '@shared/contract/domains';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { forgetAuth } from './basic-auth';
import {
  addDomain,
  dnsCheckFor,
  removeDomain,
  removeProxyFrom,
  setDomainAuth,
  upgradeProxy,
  type DomainDeps,
} from './domain-operations';
import { createDomainRepository } from './domain-repository';
import { createDomainStates } from './domain-states';
import { createNodeProxies } from './node-proxy';
import type { DomainPorts } from './ports';

export const DOMAINS_WORKER = 'domains-reconcile';
const RECONCILE_SECONDS = 60;

export type DomainsFeature = Feature<MethodsOf<'domains'>> & {
  /** `https://<domain>/` for a deployment with an active domain, else null: what "Open app" opens. */
  urlOf(deploymentId: string): string | null;
  /** The deployment's host ports changed (an update switched): its node's proxy follows now. */
  switched(deploymentId: string): Promise<void>;
};

const absent = (nodeId: string): NodeProxy => ({
  nodeId,
  status: 'absent',
  image: null,
  version: null,
  error: null,
  checkedAt: null,
});

const domainHandlers = (deps: DomainDeps): DomainsFeature['handlers'] => ({
  'domains:list': ({ deploymentId }) =>
    deploymentId === undefined ? deps.repository.list() : deps.repository.ofDeployment(deploymentId),
  'domains:add': (input) => addDomain(deps, input),
  'domains:remove': ({ id }) => removeDomain(deps, id),
  'domains:set-auth': ({ id, basicAuth }) => setDomainAuth(deps, id, basicAuth),
  'domains:check-dns': ({ hostname, nodeId }) => dnsCheckFor(deps, hostname, nodeId),
  'domains:proxy': ({ nodeId }) => deps.repository.proxy(nodeId)?.proxy ?? absent(nodeId),
  'domains:proxy-upgrade': ({ nodeId }) => upgradeProxy(deps, nodeId),
  'domains:proxy-remove': ({ nodeId }) => removeProxyFrom(deps, nodeId),
});

/**
 * Domains with HTTPS: each node that has one runs a proxy (Caddy) managed by this app through its
 * Docker engine; routes are rebuilt from the database whenever a domain or its deployment changes,
 * and on an interval, so a removed or stopped proxy converges back.
 */
export function createDomainsFeature(context: CoreContext, ports: DomainPorts): DomainsFeature {
  const repository = createDomainRepository(context.db);
  const proxies = createNodeProxies(context, repository, ports);
  const states = createDomainStates(context, repository, ports, proxies);
  const deps: DomainDeps = { context, repository, ports, proxies, states };
  const warn = (what: string, nodeId: string) => (error: unknown) =>
    context.logger.warn(what, { node: nodeId, error: error instanceof Error ? error.message : String(error) });

  /** The node's proxy and statuses brought in line now; failures are logged and retried on the interval. */
  const converge = async (nodeId: string) => {
    await proxies.sync(nodeId);
    await states.refresh(nodeId);
  };

  const nodesWithDomains = () => [...new Set(repository.list().map((domain) => domain.nodeId))];

  /** A deployment that moved: its routes follow (a stopped one loses them at once), a deleted one's domains go. */
  const followDeployment = (deploymentId: string, to: string) => {
    const domains = repository.ofDeployment(deploymentId);
    const nodeId = domains[0]?.nodeId;
    if (!nodeId) return;
    if (to === 'deleted')
      for (const domain of domains) {
        repository.remove(domain.id);
        void forgetAuth(context.secrets, domain.id).catch(warn('a domain password stayed in the keychain', nodeId));
        context.events.emit('domains:removed', { id: domain.id, deploymentId });
      }
    void converge(nodeId).catch(warn('domains could not follow a deployment', nodeId));
  };
  const stopFollowing = context.events.on('deployments:transitioned', ({ deployment, to }) =>
    followDeployment(deployment.id, to),
  );

  return {
    workers: [
      {
        name: DOMAINS_WORKER,
        intervalSeconds: () => RECONCILE_SECONDS,
        run: async () => {
          for (const nodeId of nodesWithDomains())
            if (ports.nodes.get(nodeId)?.status !== 'offline')
              await converge(nodeId).catch(warn('domains reconcile skipped a node', nodeId));
        },
      },
    ],
    handlers: domainHandlers(deps),
    urlOf: (deploymentId) => {
      const active = repository.ofDeployment(deploymentId).find((domain) => domain.status === 'active');
      return active ? `https://${active.hostname}/` : null;
    },
    switched: async (deploymentId) => {
      const nodeId = repository.ofDeployment(deploymentId)[0]?.nodeId;
      if (nodeId) await proxies.sync(nodeId);
    },
    close: () => {
      stopFollowing();
      return Promise.resolve();
    },
  };
}

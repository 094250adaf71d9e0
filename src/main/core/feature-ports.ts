import type { BillingPorts } from './billing';
import type { DeploymentPorts, DeploymentsFeature } from './deployments';
import type { EventBus } from './events/event-bus';
import type { MarketplaceFeature } from './marketplace';
import type { MonitoringPorts } from './monitoring';
import type { NodeDirectory, NodesFeatureOptions } from './nodes';
import type { SettingsService } from './settings/settings-service';

/**
 * The ports one feature gives another, each shaped as its consumer declares it. Features never
 * import each other's services; create-core builds them and joins them here.
 */

/** Deployments read the exact template version they deploy from the marketplace's catalog. */
export const templateVersions = (catalog: MarketplaceFeature['catalog']): DeploymentPorts['templates'] => ({
  version: (templateId, version) => {
    const stored = catalog.findVersion(templateId, version);
    return (
      stored && { templateName: stored.manifest.name, manifest: stored.manifest, compose: stored.row.compose }
    );
  },
  newerPublished: (templateId, version) => catalog.newerPublished(templateId, version),
});

/** Deployments hear each change of a node's health status from the nodes feature's pushed event. */
export const nodeStatusChanges = (events: EventBus): DeploymentPorts['nodeStatus'] => ({
  onChanged: (listener) => events.on('nodes:status-changed', listener),
});

/** How long a deploy waits for healthchecks and how long a service must stay up, read at each deploy. */
export const deploymentReadiness = (settings: SettingsService) => () => ({
  healthTimeoutMs: settings.get().deployments.healthTimeoutSeconds * 1000,
  stableMs: settings.get().deployments.stableSeconds * 1000,
});

/** Billing's margins: what each node costs per month, by name. */
export const nodeCosts =
  (nodes: Pick<NodeDirectory, 'list'>): BillingPorts['nodeCosts'] =>
  () =>
    nodes
      .list()
      .map((node) => ({ nodeId: node.id, name: node.name, monthlyCostCents: node.monthlyCostCents }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** What monitoring asks of deployments: which to watch, their verdicts, and every deployment's summary. */
export const deploymentsForMonitoring = (
  deployments: Pick<DeploymentsFeature, 'list' | 'summary' | 'watched' | 'reportHealth'>,
): MonitoringPorts['deployments'] => ({
  list: () => Promise.resolve(deployments.list()),
  summary: (id) => Promise.resolve(deployments.summary(id)),
  watched: () => deployments.watched(),
  reportHealth: (id, isHealthy, cause) => deployments.reportHealth(id, isHealthy, cause),
});

/** The node's page and its removal: what runs there, from the deployments feature's own list. */
export const nodeDeployments =
  (deployments: Pick<DeploymentsFeature, 'list'>): NodesFeatureOptions['deploymentsOnNode'] =>
  (nodeId) =>
    deployments
      .list()
      .filter((deployment) => deployment.nodeId === nodeId)
      .map(({ id, name, templateName, status }) => ({ id, name, templateName, status }));

export interface LaterPort<A extends unknown[], R> {
  call: (...args: A) => R;
  provide: (implementation: (...args: A) => R) => void;
}

/**
 * A port whose provider is built after its consumer. Nodes refuse to remove a node that has
 * deployments and the marketplace to delete a template in use, while deployments need nodes and the
 * catalog built first. The consumer gets `call` now; create-core provides the implementation as
 * soon as the provider exists. Nothing asks while the core is being built, so a call before that is
 * a wiring bug and throws.
 */
export function laterPort<A extends unknown[], R>(name: string): LaterPort<A, R> {
  let implementation: ((...args: A) => R) | undefined;
  return {
    call: (...args) => {
      if (!implementation) throw new Error(`${name} was asked before create-core provided it.`);
      return implementation(...args);
    },
    provide: (provided) => {
      if (implementation) throw new Error(`${name} was provided twice.`);
      implementation = provided;
    },
  };
}

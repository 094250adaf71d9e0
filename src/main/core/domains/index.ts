/**
 * The domains feature's one public entry: what create-core wires. Everything else in this folder is
 * internal.
 */
export { createDomainsFeature, DOMAINS_WORKER, type DomainsFeature } from './domains-feature';
export type { DomainPorts, RouteTarget } from './ports';

import type { DeploymentSummary } from '@shared/contract/deployment-model';

const byName = (a: DeploymentSummary, b: DeploymentSummary) => a.name.localeCompare(b.name);

/** The deployments assigned to the customer, by name. */
export const deploymentsOf = (list: DeploymentSummary[], customerId: string): DeploymentSummary[] =>
  list.filter((d) => d.customerId === customerId).sort(byName);

/** The deployments with no customer, by name: the ones a customer's page offers to assign. */
export const unassignedDeployments = (list: DeploymentSummary[]): DeploymentSummary[] =>
  list.filter((d) => d.customerId === null).sort(byName);

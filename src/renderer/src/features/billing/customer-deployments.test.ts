import { describe, expect, it } from 'vitest';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import { deploymentsOf, unassignedDeployments } from './customer-deployments';

const deployment = (name: string, customerId: string | null): DeploymentSummary => ({
  id: `d-${name}`,
  name,
  nodeId: 'n1',
  templateId: 't1',
  templateName: 'T',
  templateVersion: '1.0.0',
  customerId,
  status: 'running',
  reachability: { nodeReachable: true, since: null },
  updateAvailable: null,
  exposure: 'private',
  priceMonthlyCents: 300,
  url: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const list = [
  deployment('wiki', 'cus_1'),
  deployment('shop', null),
  deployment('blog', 'cus_1'),
  deployment('mail', 'cus_2'),
  deployment('app', null),
];

describe("a customer page's deployments", () => {
  it("lists the customer's own deployments by name, and no one else's", () => {
    expect(deploymentsOf(list, 'cus_1').map((d) => d.name)).toEqual(['blog', 'wiki']);
    expect(deploymentsOf(list, 'cus_9')).toEqual([]);
  });

  it('offers only deployments without a customer, by name', () => {
    expect(unassignedDeployments(list).map((d) => d.name)).toEqual(['app', 'shop']);
  });
});

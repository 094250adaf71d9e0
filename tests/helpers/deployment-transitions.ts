import type { DeploymentStatus, DeploymentTransition } from '../../src/shared/contract/deployment-model';

/** A `deployments:transitioned` payload as the deployments feature emits it, for billing tests. */
export function transition(
  deploymentId: string,
  from: DeploymentStatus | null,
  to: DeploymentStatus,
  at: string,
  options: { customerId?: string | null; priceMonthlyCents?: number; cause?: string; name?: string } = {},
): DeploymentTransition {
  return {
    deployment: {
      id: deploymentId,
      name: options.name ?? deploymentId,
      nodeId: 'node_test',
      templateId: 'tmpl_test',
      templateName: 'Test app',
      templateVersion: '1.0.0',
      customerId: options.customerId ?? null,
      status: to,
      reachability: { nodeReachable: true, since: null },
      updateAvailable: null,
      exposure: 'private',
      priceMonthlyCents: options.priceMonthlyCents ?? 0,
      url: null,
      error: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: at,
    },
    from,
    to,
    at,
    cause: options.cause ?? 'user',
  };
}

/** A clock the test moves by hand. */
export function manualClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => now,
    set(next: string) {
      now = new Date(next);
    },
  };
}

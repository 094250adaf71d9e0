import type { Clock } from '../../clock';

/** A view that stops renewing its focus (window closed, app crashed) lapses after this. */
export const FOCUS_LEASE_SECONDS = 60;

interface Lease {
  deploymentIds: string[];
  nodeIds: string[];
  until: number;
}

/** What the UI has on screen, as leases per view: sampled every few seconds while they last. */
export function createFocus(clock: Clock) {
  const leases = new Map<string, Lease>();
  const listeners = new Set<(added: { deploymentIds: string[]; nodeIds: string[] }) => void>();

  const live = () => {
    const now = clock.now().getTime();
    for (const [viewId, lease] of leases) if (lease.until <= now) leases.delete(viewId);
    return [...leases.values()];
  };

  return {
    set(viewId: string, deploymentIds: string[], nodeIds: string[]) {
      const before = { deployments: this.deployments(), nodes: this.nodes() };
      if (deploymentIds.length === 0 && nodeIds.length === 0) leases.delete(viewId);
      else
        leases.set(viewId, {
          deploymentIds,
          nodeIds,
          until: clock.now().getTime() + FOCUS_LEASE_SECONDS * 1000,
        });
      const added = {
        deploymentIds: deploymentIds.filter((id) => !before.deployments.has(id)),
        nodeIds: nodeIds.filter((id) => !before.nodes.has(id)),
      };
      if (added.deploymentIds.length > 0 || added.nodeIds.length > 0)
        for (const listener of [...listeners]) listener(added);
    },
    deployments: () => new Set(live().flatMap((lease) => lease.deploymentIds)),
    nodes: () => new Set(live().flatMap((lease) => lease.nodeIds)),
    /** Called with what came into focus, so its node samples it right away rather than at the next tick. */
    onFocused(listener: (added: { deploymentIds: string[]; nodeIds: string[] }) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type Focus = ReturnType<typeof createFocus>;

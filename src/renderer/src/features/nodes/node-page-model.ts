import type { NodeDeployment, NodeResources } from '@shared/contract/nodes';
import { formatBytes } from '../../components/format';

/**
 * What a node has, worded once from one source (the resources its last check stored): the node
 * list, the node's page and a connection test's result all show these same figures.
 */
export interface ResourceFacts {
  cpus: string;
  memory: string;
  /** "40 GiB free of 100 GiB", or "unknown" when the last check could not read the disk. */
  disk: string;
  diskFree: string | null;
  engine: string;
  system: string;
  containersRunning: string;
}

export function resourceFacts(r: NodeResources): ResourceFacts {
  const diskFree = r.diskFreeBytes === null ? null : `${formatBytes(r.diskFreeBytes)} free`;
  return {
    cpus: `${r.cpus} CPU`,
    memory: formatBytes(r.memoryBytes),
    disk:
      diskFree === null
        ? 'unknown'
        : r.diskTotalBytes === null
          ? diskFree
          : `${diskFree} of ${formatBytes(r.diskTotalBytes)}`,
    diskFree,
    engine: `Docker ${r.dockerVersion} (API ${r.apiVersion})`,
    system: `${r.os}, kernel ${r.kernel}`,
    containersRunning: `${r.containersRunning} running`,
  };
}

/** The node list's one-line summary: "2 CPU · 3.8 GiB · 40 GiB free". */
export function resourceSummary(r: NodeResources | null): string {
  if (!r) return '—';
  const facts = resourceFacts(r);
  return [facts.cpus, facts.memory, ...(facts.diskFree ? [facts.diskFree] : [])].join(' · ');
}

/** What removing a node does, said before it is done; with deployments on it, why it cannot yet. */
export interface RemovalPlan {
  isAllowed: boolean;
  summary: string;
  /** What stays on the server, in plain words. */
  keeps: string;
}

export function removalPlan(
  node: { name: string; resources: NodeResources | null },
  deployments: NodeDeployment[],
): RemovalPlan {
  const running = node.resources?.containersRunning;
  const keeps =
    `Nothing on ${node.name} is touched: its containers` +
    (running === undefined ? '' : ` (${running} running at the last check)`) +
    ', images and volumes stay on the server as they are.';
  if (deployments.length > 0) {
    const count = deployments.length === 1 ? '1 deployment' : `${deployments.length} deployments`;
    return {
      isAllowed: false,
      summary: `${node.name} still runs ${count}. Delete ${deployments.length === 1 ? 'it' : 'them'} first, then remove the node.`,
      keeps,
    };
  }
  return {
    isAllowed: true,
    summary: `Hoster forgets ${node.name}: its connection settings, pinned host key and status history.`,
    keeps,
  };
}

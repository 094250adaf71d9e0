import type { Node } from '@shared/contract/nodes';
import type { TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';

const MiB = 1024 * 1024;
const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

export interface Needs {
  memoryBytes: number;
  diskBytes: number;
  cpuCores: number;
}

export const needsOf = (manifest: TemplateManifest): Needs => ({
  memoryBytes: manifest.resources.memory_mb * MiB,
  diskBytes: manifest.resources.disk_mb * MiB,
  cpuCores: manifest.resources.cpu_cores,
});

export interface Room {
  node: Node;
  freeMemoryBytes: number;
  freeDiskBytes: number | null;
  promisedMemoryBytes: number;
  deployments: number;
}

/** What a node has left once the deployments already on it get what their templates ask for. */
export function roomOn(node: Node, existing: readonly Needs[]): Room | null {
  if (!node.resources) return null;
  const promisedMemoryBytes = existing.reduce((sum, n) => sum + n.memoryBytes, 0);
  const promisedDisk = existing.reduce((sum, n) => sum + n.diskBytes, 0);
  return {
    node,
    freeMemoryBytes: node.resources.memoryBytes - promisedMemoryBytes,
    freeDiskBytes: node.resources.diskFreeBytes === null ? null : node.resources.diskFreeBytes - promisedDisk,
    promisedMemoryBytes,
    deployments: existing.length,
  };
}

/** Why a node cannot take a template, in numbers; null when it can. */
export function shortfall(room: Room, needs: Needs, templateName: string): string | null {
  const { node } = room;
  if (room.freeMemoryBytes < needs.memoryBytes) {
    return (
      `${node.name} has ${gib(Math.max(0, room.freeMemoryBytes))} of memory left for apps (${gib(node.resources?.memoryBytes ?? 0)} in all, ` +
      `${gib(room.promisedMemoryBytes)} promised to ${room.deployments} deployment${room.deployments === 1 ? '' : 's'}); ${templateName} needs ${gib(needs.memoryBytes)}.`
    );
  }
  if (room.freeDiskBytes !== null && room.freeDiskBytes < needs.diskBytes) {
    return `${node.name} has ${gib(Math.max(0, room.freeDiskBytes))} of disk left on the Docker root; ${templateName} needs ${gib(needs.diskBytes)}.`;
  }
  return null;
}

/** Checks the chosen node, or picks the online node with the most free memory that has every tag asked for. */
export function placeDeployment(
  nodes: readonly Node[],
  choice: string,
  tags: readonly string[],
  needs: Needs,
  templateName: string,
  needsOnNode: (nodeId: string) => Needs[],
): Node {
  if (choice !== 'auto') {
    const node = nodes.find((n) => n.id === choice);
    if (!node) throw new AppError('not_found', `No node with id ${choice}.`, { field: 'nodeId' });
    if (node.isMaintenance)
      throw new AppError(
        'conflict',
        `${node.name} is in maintenance mode; end maintenance or pick another node.`,
        { field: 'nodeId' },
      );
    const room = roomOn(node, needsOnNode(node.id));
    if (!room)
      throw new AppError(
        'conflict',
        `${node.name} has not been tested yet, so its room is unknown. Test the node first.`,
        { field: 'nodeId' },
      );
    const reason = shortfall(room, needs, templateName);
    if (reason) throw new AppError('conflict', reason, { field: 'nodeId' });
    return node;
  }
  const candidates = nodes.filter(
    (n) =>
      !n.isMaintenance &&
      (n.status === 'online' || n.status === 'degraded') &&
      tags.every((t) => n.tags.includes(t)),
  );
  if (candidates.length === 0) {
    throw new AppError(
      'conflict',
      tags.length > 0
        ? `No online node has the tags ${tags.join(', ')}.`
        : 'No node is online. Add a node or bring one back online first.',
      { field: 'nodeId' },
    );
  }
  const rooms = candidates.flatMap((n) => roomOn(n, needsOnNode(n.id)) ?? []);
  const fitting = rooms
    .filter((r) => shortfall(r, needs, templateName) === null)
    .sort((a, b) => b.freeMemoryBytes - a.freeMemoryBytes);
  const best = fitting[0];
  if (!best) {
    throw new AppError(
      'conflict',
      `No node has room for ${templateName}: ${rooms.map((r) => shortfall(r, needs, templateName)).join(' ')}`,
      { field: 'nodeId' },
    );
  }
  return best.node;
}

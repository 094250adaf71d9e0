import type { Node, NodeFields, SshConfigHost } from '@shared/contract/nodes';

/** What the node form edits: text as typed, turned into contract fields only on submit. */
export interface NodeFormValues {
  name: string;
  host: string;
  port: string;
  user: string;
  auth: 'key' | 'agent';
  keyId: string;
  jumpNodeId: string;
  dockerSocket: string;
  tags: string;
  monthlyCost: string;
}

export const emptyNodeForm: NodeFormValues = {
  name: '',
  host: '',
  port: '22',
  user: 'root',
  auth: 'key',
  keyId: '',
  jumpNodeId: '',
  // Empty: the core looks for the engine (DOCKER_HOST, the usual socket, rootless, Podman).
  dockerSocket: '',
  tags: '',
  monthlyCost: '',
};

/** "12.5" → 1250 cents; empty or unreadable → 0 (the server checks the range). */
export function parseCents(text: string): number {
  const value = Number(text.replace(',', '.').trim());
  return Number.isFinite(value) && value > 0 ? Math.round(value * 100) : 0;
}

export function toNodeFields(values: NodeFormValues): NodeFields {
  return {
    name: values.name.trim(),
    host: values.host.trim(),
    port: Number(values.port) || 22,
    user: values.user.trim(),
    auth: values.auth,
    keyId: values.auth === 'key' && values.keyId ? values.keyId : null,
    jumpNodeId: values.jumpNodeId || null,
    dockerSocket: values.dockerSocket.trim() || '/var/run/docker.sock',
    tags: values.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    monthlyCostCents: parseCents(values.monthlyCost),
  };
}

export function fromNode(node: Node): NodeFormValues {
  return {
    name: node.name,
    host: node.host,
    port: String(node.port),
    user: node.user,
    auth: node.auth,
    keyId: node.keyId ?? '',
    jumpNodeId: node.jumpNodeId ?? '',
    dockerSocket: node.dockerSocket,
    tags: node.tags.join(', '),
    monthlyCost: node.monthlyCostCents ? (node.monthlyCostCents / 100).toFixed(2) : '',
  };
}

/** Prefills the form from a `Host` of ~/.ssh/config, keeping what the config does not say. */
export function fromSshConfigHost(host: SshConfigHost, current: NodeFormValues): NodeFormValues {
  return {
    ...current,
    name: host.alias,
    host: host.host,
    port: String(host.port),
    user: host.user ?? current.user,
    keyId: host.keyId ?? current.keyId,
    jumpNodeId: host.jumpNodeId ?? '',
  };
}

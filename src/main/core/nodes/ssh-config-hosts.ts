import { readFile } from 'node:fs/promises';
import type { Node, SshConfigHost } from '@shared/contract/nodes';
import { parseKeyText, type KeyService } from '../keys';
import { sha256Fingerprint } from '../ssh/fingerprint';
import { parseJumpSpec, parseSshConfig, type SshConfigEntry } from '../ssh/ssh-config';

const readIfPresent = async (path: string) => {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
};

/** The stored key whose fingerprint matches IdentityFile's `.pub` (the private file is never read here). */
async function keyFor(entry: SshConfigEntry, keys: KeyService): Promise<string | null> {
  if (!entry.identityFile) return null;
  const line = await readIfPresent(`${entry.identityFile}.pub`);
  if (!line) return null;
  const key = parseKeyText(line);
  if (!key || key instanceof Error) return null;
  return keys.byFingerprint(sha256Fingerprint(key.getPublicSSH()))?.id ?? null;
}

/** The node a ProxyJump value names: an alias of the same config, or an address, matched to a stored node. */
function jumpNodeFor(entry: SshConfigEntry, entries: SshConfigEntry[], nodes: Node[]): string | null {
  if (!entry.proxyJump) return null;
  const spec = parseJumpSpec(entry.proxyJump);
  const alias = entries.find((candidate) => candidate.alias === spec.host);
  const host = alias?.hostName ?? spec.host;
  const port = spec.port ?? alias?.port ?? 22;
  const match = nodes.find((node) => node.kind === 'ssh' && node.host === host && node.port === port) ?? nodes.find((node) => node.name === spec.host);
  return match?.id ?? null;
}

/** Hosts from the user's OpenSSH config, ready to prefill the add-node form. */
export async function readSshConfigHosts(path: string, keys: KeyService, nodes: Node[]): Promise<SshConfigHost[]> {
  const text = await readIfPresent(path);
  if (text === null) return [];
  const entries = parseSshConfig(text);
  return Promise.all(
    entries.map(async (entry) => ({
      alias: entry.alias,
      host: entry.hostName,
      port: entry.port,
      user: entry.user,
      identityFile: entry.identityFile,
      proxyJump: entry.proxyJump,
      keyId: await keyFor(entry, keys),
      jumpNodeId: jumpNodeFor(entry, entries, nodes),
    })),
  );
}

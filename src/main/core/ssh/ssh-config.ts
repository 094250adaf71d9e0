import { homedir } from 'node:os';

export interface SshConfigEntry {
  alias: string;
  hostName: string;
  port: number;
  user: string | null;
  identityFile: string | null;
  proxyJump: string | null;
}

interface Block {
  patterns: string[];
  options: Map<string, string>;
}

const expandHome = (path: string, home: string) => (path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path);

const unquote = (value: string) => (value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);

/**
 * Reads the hosts a user can import from an OpenSSH client config: the concrete `Host` aliases (no
 * wildcards or negations) with HostName, User, Port, IdentityFile and ProxyJump. Like ssh, the first
 * value found for an option wins, and `Host *` blocks supply what an alias leaves out. `Match` and
 * `Include` are not followed: their conditions depend on the moment ssh runs.
 */
export function parseSshConfig(text: string, home: string = homedir()): SshConfigEntry[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(\S+?)(?:\s*=\s*|\s+)(.+)$/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const keyword = match[1].toLowerCase();
    const value = match[2].trim();
    if (keyword === 'host') {
      current = { patterns: value.split(/\s+/).map(unquote), options: new Map() };
      blocks.push(current);
    } else if (keyword === 'match') {
      current = null;
    } else if (current && !current.options.has(keyword)) {
      current.options.set(keyword, unquote(value));
    }
  }

  const matches = (pattern: string, alias: string) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(alias);
  const blockApplies = (block: Block, alias: string) =>
    !block.patterns.some((p) => p.startsWith('!') && matches(p.slice(1), alias)) && block.patterns.some((p) => !p.startsWith('!') && matches(p, alias));

  const aliases = [...new Set(blocks.flatMap((b) => b.patterns.filter((p) => !/[*?!]/.test(p))))];
  return aliases.map((alias) => {
    const option = (name: string): string | null => {
      for (const block of blocks) {
        if (!blockApplies(block, alias)) continue;
        const value = block.options.get(name);
        if (value !== undefined) return value;
      }
      return null;
    };
    const port = Number(option('port') ?? '22');
    const identity = option('identityfile');
    const jump = option('proxyjump');
    return {
      alias,
      hostName: (option('hostname') ?? alias).replace(/%h/g, alias),
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
      user: option('user'),
      identityFile: identity ? expandHome(identity, home) : null,
      proxyJump: jump && jump.toLowerCase() !== 'none' ? jump : null,
    };
  });
}

/** `[user@]host[:port]` of the first hop of a ProxyJump value. */
export function parseJumpSpec(spec: string): { user: string | null; host: string; port: number | null } {
  const first = spec.split(',')[0]?.trim() ?? '';
  const at = first.lastIndexOf('@');
  const user = at >= 0 ? first.slice(0, at) : null;
  const rest = at >= 0 ? first.slice(at + 1) : first;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed?.[1]) return { user, host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : null };
  const colon = rest.lastIndexOf(':');
  if (colon > 0 && rest.indexOf(':') === colon) return { user, host: rest.slice(0, colon), port: Number(rest.slice(colon + 1)) || null };
  return { user, host: rest, port: null };
}

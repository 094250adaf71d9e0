import type { PrepareSudo } from '@shared/contract/node-prepare';

/** What preparing needs to know of a server, read with one command (`serverFactsCommand`). */
export interface ServerFacts {
  /** `/etc/os-release`, as key → unquoted value. */
  osRelease: Record<string, string>;
  user: string;
  sudo: PrepareSudo;
  hasSystemd: boolean;
  /** Docker's engine binary is there (installed, maybe not running). */
  hasDockerd: boolean;
  /** The login user is in the `docker` group already. */
  isInDockerGroup: boolean;
}

const MARKER = 'hoster-prepare';

/**
 * One command that prints each fact on its own marked line, so a login banner or a chatty profile
 * cannot be mistaken for one. `/usr/sbin` is not on a non-root user's PATH on Debian, hence the paths.
 */
export const serverFactsCommand = [
  `echo "${MARKER}:user=$(id -un)"`,
  `echo "${MARKER}:groups=$(id -Gn)"`,
  `if [ -d /run/systemd/system ]; then echo "${MARKER}:systemd=1"; else echo "${MARKER}:systemd=0"; fi`,
  `if command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || [ -x /usr/bin/dockerd ]; then echo "${MARKER}:dockerd=1"; else echo "${MARKER}:dockerd=0"; fi`,
  `if [ "$(id -u)" = 0 ]; then s=root; elif ! command -v sudo >/dev/null 2>&1; then s=missing; elif sudo -n true >/dev/null 2>&1; then s=passwordless; else s=needs-password; fi; echo "${MARKER}:sudo=$s"`,
  `sed "s/^/${MARKER}:os:/" /etc/os-release 2>/dev/null || sed "s/^/${MARKER}:os:/" /usr/lib/os-release 2>/dev/null || true`,
].join('; ');

/** `/etc/os-release` lines (`KEY=value`, `KEY="value"`) into a record; comments and junk are skipped. */
export function parseOsRelease(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    const raw = match[2] ?? '';
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    out[match[1]] = quoted ? (quoted[2] ?? '').replace(/\\(["\\$`])/g, '$1') : raw;
  }
  return out;
}

const sudoValues: readonly PrepareSudo[] = ['root', 'passwordless', 'needs-password', 'missing'];

export function parseServerFacts(stdout: string): ServerFacts {
  const values = new Map<string, string>();
  const osLines: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(`${MARKER}:`)) continue;
    const rest = line.slice(MARKER.length + 1);
    if (rest.startsWith('os:')) osLines.push(rest.slice(3));
    else {
      const eq = rest.indexOf('=');
      if (eq > 0) values.set(rest.slice(0, eq), rest.slice(eq + 1).trim());
    }
  }
  const sudo = values.get('sudo') as PrepareSudo | undefined;
  return {
    osRelease: parseOsRelease(osLines),
    user: values.get('user') ?? '',
    sudo: sudo && sudoValues.includes(sudo) ? sudo : 'missing',
    hasSystemd: values.get('systemd') === '1',
    hasDockerd: values.get('dockerd') === '1',
    isInDockerGroup: (values.get('groups') ?? '').split(/\s+/).includes('docker'),
  };
}

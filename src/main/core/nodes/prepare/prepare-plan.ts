import type { PrepareCommand, PreparePlan } from '@shared/contract/node-prepare';
import type { ServerFacts } from './server-facts';

type Family = 'debian' | 'fedora' | 'rhel';

/** Which package family a server belongs to, from its os-release ID and ID_LIKE. */
export function familyOf(osRelease: Record<string, string>): Family | null {
  const id = (osRelease.ID ?? '').toLowerCase();
  const like = (osRelease.ID_LIKE ?? '').toLowerCase().split(/\s+/);
  const is = (name: string) => id === name || like.includes(name);
  if (is('debian') || is('ubuntu')) return 'debian';
  if (id === 'fedora') return 'fedora';
  if (['rhel', 'centos', 'rocky', 'almalinux'].includes(id) || is('rhel') || is('centos')) return 'rhel';
  return null;
}

// apt never stops to ask: no debconf questions, and a configuration file the server already has is kept.
const APT = 'DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120';
const APT_INSTALL = `${APT} -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install -y`;
const DOCKER_CE_REPO = 'https://download.docker.com/linux/centos/docker-ce.repo';

/** The commands that install the engine, by family (each run as root). */
function installCommands(family: Family, osName: string): PrepareCommand[] {
  if (family === 'debian')
    return [
      { label: 'Refresh the package lists', command: `${APT} update` },
      { label: `Install Docker (docker.io) from ${osName}’s packages`, command: `${APT_INSTALL} docker.io` },
    ];
  if (family === 'fedora')
    return [
      { label: 'Install Docker (moby-engine) from Fedora’s packages', command: 'dnf install -y moby-engine' },
    ];
  return [
    { label: 'Add the dnf config-manager plugin', command: 'dnf install -y dnf-plugins-core' },
    {
      label: 'Add Docker’s own package repository',
      command: `dnf config-manager --add-repo ${DOCKER_CE_REPO}`,
    },
    {
      label: 'Install Docker (docker-ce) from it',
      command: 'dnf install -y docker-ce docker-ce-cli containerd.io',
    },
  ];
}

const notesOf = (family: Family, osName: string): string[] => [
  family === 'debian'
    ? `Docker comes from ${osName}’s own packages (docker.io), kept up to date by the server’s usual updates.`
    : family === 'fedora'
      ? 'Docker comes from Fedora’s own packages (moby-engine).'
      : `${osName} has no Docker in its own repositories: docker-ce comes from Docker’s repository (download.docker.com).`,
  'Docker Compose is not installed: the app drives the engine’s API itself and needs nothing else on the server.',
];

/** Why the commands cannot run as this user, or null when they can. */
function blockerOf(facts: ServerFacts, family: Family | null, osName: string): string | null {
  if (!family)
    return (
      `${osName} is not a system the app can prepare (Debian, Ubuntu and their relatives, Fedora, RHEL, ` +
      'CentOS Stream, Rocky and AlmaLinux are). Install Docker on it yourself, then test the connection.'
    );
  if (facts.sudo === 'needs-password')
    return (
      `sudo asks ${facts.user} for a password, which the app cannot type. Either allow ${facts.user} sudo ` +
      `without a password (a line “${facts.user} ALL=(ALL) NOPASSWD:ALL” in /etc/sudoers.d/), or log in ` +
      'and run the commands below yourself; then test the connection.'
    );
  if (facts.sudo === 'missing')
    return (
      `${facts.user} is not root and the server has no sudo. Log in as root and run the commands below, ` +
      'or connect the node as root; then test the connection.'
    );
  return null;
}

/**
 * What preparing this server does: install Docker from the distribution's packages (unless its
 * engine is there already), start it now and at boot, let the login user reach it, and test it.
 * Every command is shown as it runs; a non-root user's run through `sudo -n`, which fails at once
 * rather than waiting for a password nobody can type.
 */
export function planFor(nodeId: string, facts: ServerFacts): PreparePlan {
  const family = familyOf(facts.osRelease);
  const osName = facts.osRelease.NAME ?? facts.osRelease.ID ?? 'This system';
  const prettyName = facts.osRelease.PRETTY_NAME ?? osName;
  const distribution = (facts.osRelease.NAME ?? 'the distribution').replace(/ GNU\/Linux$/, '');
  const asRoot = (command: string) =>
    facts.sudo === 'root' ? command : `sudo -n sh -c '${command.replace(/'/g, `'\\''`)}'`;
  const init = facts.hasSystemd ? 'systemd' : 'service';
  const steps: PrepareCommand[] = [
    ...(facts.hasDockerd || !family ? [] : installCommands(family, distribution)),
    init === 'systemd'
      ? { label: 'Start Docker now and at every boot', command: 'systemctl enable --now docker' }
      : { label: 'Start Docker', command: 'service docker start' },
    ...(facts.sudo === 'root' || facts.isInDockerGroup
      ? []
      : [
          {
            label: `Let ${facts.user} use Docker (the docker group)`,
            command: `usermod -aG docker ${facts.user}`,
          },
        ]),
    {
      label: 'Wait for the engine to answer (60 s at most)',
      command: `timeout 60 sh -c 'until docker version >/dev/null 2>&1; do sleep 1; done'; docker version`,
    },
  ];
  return {
    nodeId,
    os: { id: facts.osRelease.ID ?? 'unknown', name: prettyName, version: facts.osRelease.VERSION_ID ?? '' },
    user: facts.user,
    sudo: facts.sudo,
    init,
    isInstalled: facts.hasDockerd,
    blocker: blockerOf(facts, family, prettyName),
    commands: family ? steps.map((step) => ({ ...step, command: asRoot(step.command) })) : [],
    notes: family ? notesOf(family, distribution) : [],
  };
}

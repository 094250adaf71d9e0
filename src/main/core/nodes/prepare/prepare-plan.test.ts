import { describe, expect, it } from 'vitest';
import { familyOf, planFor } from './prepare-plan';
import type { ServerFacts } from './server-facts';

const debian: Record<string, string> = {
  PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
  NAME: 'Debian GNU/Linux',
  VERSION_ID: '12',
  ID: 'debian',
};
const facts = (over: Partial<ServerFacts> = {}): ServerFacts => ({
  osRelease: debian,
  user: 'root',
  sudo: 'root',
  hasSystemd: true,
  hasDockerd: false,
  isInDockerGroup: false,
  ...over,
});
const commandsOf = (f: ServerFacts) => planFor('n1', f).commands.map((c) => c.command);

describe('familyOf', () => {
  it('knows Debian, Ubuntu and their relatives, Fedora and the RHEL family', () => {
    expect(familyOf({ ID: 'ubuntu', ID_LIKE: 'debian' })).toBe('debian');
    expect(familyOf({ ID: 'linuxmint', ID_LIKE: 'ubuntu debian' })).toBe('debian');
    expect(familyOf({ ID: 'fedora' })).toBe('fedora');
    expect(familyOf({ ID: 'rocky', ID_LIKE: 'rhel centos fedora' })).toBe('rhel');
    expect(familyOf({ ID: 'almalinux' })).toBe('rhel');
    expect(familyOf({ ID: 'alpine' })).toBeNull();
    expect(familyOf({})).toBeNull();
  });
});

describe('planFor', () => {
  it('installs docker.io from Debian’s packages as root, starts it with systemd and tests it', () => {
    const plan = planFor('n1', facts());
    expect(plan.os).toEqual({ id: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12' });
    expect(plan.blocker).toBeNull();
    expect(plan.init).toBe('systemd');
    expect(plan.commands.map((c) => c.command)).toEqual([
      'DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 update',
      'DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 -o Dpkg::Options::=--force-confdef ' +
        '-o Dpkg::Options::=--force-confold install -y docker.io',
      'systemctl enable --now docker',
      "timeout 60 sh -c 'until docker version >/dev/null 2>&1; do sleep 1; done'; docker version",
    ]);
    expect(plan.commands[1]?.label).toBe('Install Docker (docker.io) from Debian’s packages');
    expect(plan.notes.join(' ')).toContain('Docker Compose is not installed');
  });

  it('starts Docker with the service script where systemd does not run', () => {
    const plan = planFor('n1', facts({ hasSystemd: false }));
    expect(plan.init).toBe('service');
    expect(plan.commands.map((c) => c.command)).toContain('service docker start');
    expect(plan.commands.map((c) => c.command)).not.toContain('systemctl enable --now docker');
  });

  it('runs every command through sudo -n for a user with passwordless sudo, and adds the user to docker', () => {
    const commands = commandsOf(facts({ user: 'deploy', sudo: 'passwordless' }));
    for (const command of commands) expect(command.startsWith("sudo -n sh -c '")).toBe(true);
    expect(commands).toContain("sudo -n sh -c 'usermod -aG docker deploy'");
    // The single quotes of the wait command survive the wrapping.
    expect(commands.at(-1)).toBe(
      "sudo -n sh -c 'timeout 60 sh -c '\\''until docker version >/dev/null 2>&1; do sleep 1; done'\\''; docker version'",
    );
    expect(commandsOf(facts({ user: 'deploy', sudo: 'passwordless', isInDockerGroup: true }))).not.toContain(
      "sudo -n sh -c 'usermod -aG docker deploy'",
    );
  });

  it('only starts, adds and tests when the engine is installed already', () => {
    const plan = planFor('n1', facts({ hasDockerd: true }));
    expect(plan.isInstalled).toBe(true);
    expect(plan.commands.some((c) => c.command.includes('apt-get'))).toBe(false);
    expect(plan.commands[0]?.command).toBe('systemctl enable --now docker');
  });
});

describe('planFor, other users and systems', () => {
  it('says clearly when sudo wants a password or is missing, and still shows the commands', () => {
    const needs = planFor('n1', facts({ user: 'ann', sudo: 'needs-password' }));
    expect(needs.blocker).toContain('sudo asks ann for a password, which the app cannot type');
    expect(needs.blocker).toContain('ann ALL=(ALL) NOPASSWD:ALL');
    expect(needs.commands.length).toBeGreaterThan(0);
    expect(planFor('n1', facts({ user: 'ann', sudo: 'missing' })).blocker).toContain('has no sudo');
  });

  it('uses Fedora’s moby-engine and Docker’s own repository on the RHEL family', () => {
    expect(commandsOf(facts({ osRelease: { ID: 'fedora', NAME: 'Fedora Linux' } }))[0]).toBe(
      'dnf install -y moby-engine',
    );
    const rocky = planFor(
      'n1',
      facts({ osRelease: { ID: 'rocky', NAME: 'Rocky Linux', ID_LIKE: 'rhel centos fedora' } }),
    );
    expect(rocky.commands.map((c) => c.command)).toContain(
      'dnf config-manager --add-repo https://download.docker.com/linux/centos/docker-ce.repo',
    );
    expect(rocky.notes[0]).toContain('download.docker.com');
  });

  it('refuses a system it does not know, with no commands and what to do instead', () => {
    const plan = planFor('n1', facts({ osRelease: { ID: 'alpine', PRETTY_NAME: 'Alpine Linux v3.20' } }));
    expect(plan.commands).toEqual([]);
    expect(plan.blocker).toContain('Alpine Linux v3.20 is not a system the app can prepare');
    expect(plan.blocker).toContain('Install Docker on it yourself');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cloudInitUserData, SSHD_HARDENING } from './cloud-init';
import { generateHostKey } from './host-key';

const userKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh5+d4YdfGJ2yJgk3uY2t7eZcO4pC0aZ3l5rUqvM5H3 me@laptop';
const dir = mkdtempSync(join(tmpdir(), 'hoster-cloud-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the host key the app makes for a server', () => {
  it('has the fingerprint ssh-keygen reads from its public half, and a private half ssh-keygen accepts', () => {
    const key = generateHostKey('web-1');
    writeFileSync(join(dir, 'host.pub'), `${key.publicKey}\n`);
    writeFileSync(join(dir, 'host'), key.privateKey, { mode: 0o600 });
    const listed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host.pub')]).toString();
    expect(listed.split(' ')[1]).toBe(key.fingerprint);
    const derived = execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'host')]).toString().trim();
    expect(key.publicKey.startsWith(derived)).toBe(true);
    expect(key.publicKey).toMatch(/^ssh-ed25519 \S+ root@web-1$/);
  });

  it('is new for every server', () => {
    expect(generateHostKey('a').fingerprint).not.toBe(generateHostKey('a').fingerprint);
  });
});

describe('the user data of a server the app creates', () => {
  const hostKey = generateHostKey('web-1');
  const text = cloudInitUserData({ hostKey, authorizedKey: `${userKey}\n`, distribution: 'debian' });
  const config = parse(text) as Record<string, unknown>;

  it('is a cloud-config whose only host key is the generated one, with the old ones deleted', () => {
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    expect(config.ssh_keys).toEqual({ ed25519_private: hostKey.privateKey, ed25519_public: hostKey.publicKey });
    expect(config.ssh_deletekeys).toBe(true);
    expect(config.ssh_genkeytypes).toEqual(['ed25519']);
  });

  it("lets root in with the user's key only: no passwords, the hardening drop-in written", () => {
    expect(config.ssh_authorized_keys).toEqual([userKey]);
    expect(config.ssh_pwauth).toBe(false);
    expect(config.write_files).toEqual([expect.objectContaining({ path: '/etc/ssh/sshd_config.d/60-hoster.conf', content: SSHD_HARDENING })]);
    expect(SSHD_HARDENING).toMatch(/^PasswordAuthentication no$/m);
  });

  it("installs Docker from the distribution's packages, starts it, and restarts sshd with the hardening", () => {
    expect(config.packages).toEqual(['docker.io']);
    expect(config.runcmd).toEqual([
      ['systemctl', 'enable', '--now', 'docker'],
      ['systemctl', 'restart', 'ssh'],
    ]);
  });
});

import { stringify } from 'yaml';
import type { CloudImage } from '@shared/contract/cloud';
import type { HostKeyPair } from './host-key';

/** The drop-in cloud-init writes: keys only, root by key only, no keyboard-interactive. */
export const SSHD_HARDENING = [
  '# Written by Hoster Desktop when it created this server.',
  'PasswordAuthentication no',
  'KbdInteractiveAuthentication no',
  'PermitRootLogin prohibit-password',
  'PubkeyAuthentication yes',
  '',
].join('\n');

/** Docker from the distribution's own packages: Debian and Ubuntu both ship `docker.io`. */
const dockerPackages: Record<CloudImage['distribution'], string[]> = {
  debian: ['docker.io'],
  ubuntu: ['docker.io'],
};

/**
 * The user data of a server the app creates: its SSH host key is the one the app generated (and
 * pinned), the only one sshd offers; root accepts the user's key and nothing else; Docker comes from
 * the distribution's packages and is started. The server is ready when Docker answers over SSH.
 */
export function cloudInitUserData(options: {
  hostKey: HostKeyPair;
  authorizedKey: string;
  distribution: CloudImage['distribution'];
}): string {
  const config = {
    ssh_deletekeys: true,
    // Only the type given below is wanted; cloud-init generates a type only when it is not given.
    ssh_genkeytypes: ['ed25519'],
    ssh_keys: { ed25519_private: options.hostKey.privateKey, ed25519_public: options.hostKey.publicKey },
    disable_root: false,
    ssh_pwauth: false,
    ssh_authorized_keys: [options.authorizedKey.trim()],
    package_update: true,
    packages: dockerPackages[options.distribution],
    write_files: [
      { path: '/etc/ssh/sshd_config.d/60-hoster.conf', permissions: '0644', owner: 'root:root', content: SSHD_HARDENING },
    ],
    runcmd: [
      ['systemctl', 'enable', '--now', 'docker'],
      ['systemctl', 'restart', 'ssh'],
    ],
  };
  return `#cloud-config\n${stringify(config, { lineWidth: 0 })}`;
}

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rig } from '../rig/rig';
import { makeTempDir } from './temp-dir';

/**
 * Pushes a busybox image carrying `megabytes` of random bytes to the rig's open registry under a new
 * tag, and removes the engine's copy, so a deploy must pull it and the pull takes a while.
 * Returns the image reference.
 */
export function pushBigImage(rig: Rig, name: string, megabytes = 64): string {
  const image = `${rig.registry}/hoster/${name}:${randomBytes(3).toString('hex')}`;
  const work = makeTempDir('hoster-big-image-');
  try {
    const root = join(work.path, 'rootfs');
    mkdirSync(join(root, 'bin'), { recursive: true });
    execFileSync('cp', ['/bin/busybox', join(root, 'bin/busybox')]);
    for (const tool of ['sh', 'httpd', 'wget', 'mkdir', 'echo', 'sleep', 'false'])
      symlinkSync('busybox', join(root, 'bin', tool));
    writeFileSync(join(root, 'ballast'), randomBytes(megabytes * 1024 * 1024));
    const env = { ...process.env, DOCKER_HOST: rig.dockerHost };
    execFileSync(
      'sh',
      ['-c', `tar -C "${root}" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "${image}" >/dev/null`],
      { env },
    );
    execFileSync('docker', ['push', image], { env, stdio: 'ignore' });
    execFileSync('docker', ['rmi', image], { env, stdio: 'ignore' });
    return image;
  } finally {
    work.remove();
  }
}

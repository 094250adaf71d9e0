/**
 * Data put into a deployment of tests/helpers/backup-template.ts, straight through the rig's engine
 * (not through the app), so a backup has something of a known size to stream.
 */
import type Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';

/** Runs `script` with sh in the deployment's running `service` container; fails unless it exits 0. */
export async function inService(
  docker: Docker,
  deploymentId: string,
  service: string,
  script: string,
): Promise<void> {
  const [container] = await docker.listContainers({
    filters: { label: [`${labels.deployment}=${deploymentId}`, `${labels.service}=${service}`] },
  });
  if (!container) throw new Error(`${service} of ${deploymentId} is not running`);
  const exec = await docker
    .getContainer(container.Id)
    .exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: false, stdin: false });
  await new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
    stream.resume();
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`${script} exited with ${String(ExitCode)} in ${service}`);
}

/** The `files` volume holds `megabytes` of random data (incompressible, so restic stores all of it). */
export const fillFiles = (docker: Docker, deploymentId: string, megabytes: number) =>
  inService(
    docker,
    deploymentId,
    'files',
    `head -c ${megabytes * 1024 * 1024} /dev/urandom > /files/big && sync`,
  );

/** Removes what the rig's engine holds of the deployments a test made, by their labels, and their backup helpers. */
export async function removeDeployments(docker: Docker, deploymentIds: readonly string[]): Promise<void> {
  for (const id of deploymentIds) {
    const filters = { label: [`${labels.deployment}=${id}`] };
    const helpers = { label: [`dev.hoster.backup-helper=${id}`] };
    for (const c of await docker.listContainers({ all: true, filters }))
      await docker.getContainer(c.Id).remove({ force: true });
    for (const c of await docker.listContainers({ all: true, filters: helpers }))
      await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
    for (const v of (await docker.listVolumes({ filters })).Volumes) await docker.getVolume(v.Name).remove();
  }
}

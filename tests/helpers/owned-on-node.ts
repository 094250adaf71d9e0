import type Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments';

/** How many containers, networks and volumes on the engine carry a deployment's label. */
export async function ownedOnNode(docker: Docker, deploymentId: string) {
  const filters = { label: [`${labels.deployment}=${deploymentId}`] };
  return {
    containers: (await docker.listContainers({ all: true, filters })).length,
    networks: (await docker.listNetworks({ filters })).length,
    volumes: (await docker.listVolumes({ filters })).Volumes.length,
  };
}

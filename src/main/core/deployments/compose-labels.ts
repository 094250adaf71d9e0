/**
 * Docker Compose's own labels, so `docker compose ls`, Portainer and other tools on the node see a
 * deployment as the compose project it is; plus ours, which find a deployment's resources after a crash.
 */
export const labels = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  dependsOn: 'com.docker.compose.depends_on',
  managed: 'dev.hoster.managed',
  deployment: 'dev.hoster.deployment',
  revision: 'dev.hoster.revision',
} as const;

export const ownership = (deploymentId: string, project: string): Record<string, string> => ({
  [labels.project]: project,
  [labels.managed]: 'true',
  [labels.deployment]: deploymentId,
});

/** Names as `docker compose -p <project> up` would give them. */
export const names = {
  network: (project: string) => `${project}_default`,
  volume: (project: string, volume: string) => `${project}_${volume}`,
  container: (project: string, service: string, replica = 1) => `${project}-${service}-${replica}`,
};

/** Whether a container is the one `service`'s copy `replica` runs in (containers made before replicas are copy 1). */
export const isCopyOf = (
  container: { Labels: Record<string, string> },
  plan: { service: string; replica: number },
) =>
  container.Labels[labels.service] === plan.service &&
  (container.Labels[labels.containerNumber] ?? '1') === String(plan.replica);

export const deploymentFilter = (deploymentId: string) => ({
  label: [`${labels.deployment}=${deploymentId}`],
});

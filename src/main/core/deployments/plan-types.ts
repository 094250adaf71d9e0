import type Docker from 'dockerode';
import type { PortGrant } from './port-allocator';

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface PlannedFile {
  /** Absolute path inside the container. */
  path: string;
  content: string;
  mode: number;
}

/** One compose service as the Docker engine will be asked to run it. */
export interface ServicePlan {
  service: string;
  /** Which copy of the service this container is, from 1 (Compose's container number). */
  replica: number;
  containerName: string;
  image: string;
  /** Everything `POST /containers/create` takes except the name: labels, HostConfig, aliases on the network. */
  options: Docker.ContainerCreateOptions;
  dependsOn: Record<string, DependencyCondition>;
  files: PlannedFile[];
  hasHealthcheck: boolean;
  stopTimeoutSeconds: number;
  ports: PortGrant[];
  /** Hash of everything that defines the container; a change means the container must be recreated. */
  configHash: string;
  /** Networks joined after create (the engine takes only one at create time before API 1.44). */
  extraNetworks: { name: string; aliases: string[] }[];
}

export interface DeploymentPlan {
  deploymentId: string;
  /** The compose project name: the deployment's name, unique on its node. */
  project: string;
  revision: number;
  /** The first is the deployment's default network; every container joins the ones its service names. */
  networks: { name: string; labels: Record<string, string>; internal: boolean }[];
  /** `driverOpts` go to Docker's local driver as they are; the safety policy has judged them. */
  volumes: {
    name: string;
    labels: Record<string, string>;
    external: boolean;
    driverOpts: Record<string, string>;
  }[];
  /** In start order: every service after the services it depends on. */
  services: ServicePlan[];
}

import {
  ENV_NAME,
  ENV_NAME_RULE,
  type DeploymentSettings,
  type ServiceFacts,
  type ServiceSettings,
} from '@shared/contract/deployment-settings';
import type { NormalizedCompose, NormalizedService, TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { DeploymentPorts } from './ports';

export const noSettings: DeploymentSettings = { services: {} };

/** The node's CPU count, or null while unknown (a node not yet probed reports 0). */
export const nodeCpusOf = (nodes: DeploymentPorts['nodes'], nodeId: string): number | null =>
  nodes.get(nodeId)?.resources?.cpus || null;

const MB = 1024 * 1024;

/**
 * Why a service cannot run more than one copy, or null when it can: a fixed host port can be held
 * by one container only, and two copies writing one named volume or host folder would corrupt it.
 */
export function scaleRefusal(service: NormalizedService): string | null {
  const fixed = service.ports.find((port) => port.published !== null);
  if (fixed)
    return `${service.name} publishes the fixed host port ${fixed.published}, which only one container can hold`;
  for (const mount of service.mounts)
    if (mount.type !== 'tmpfs' && mount.source !== null && !mount.readOnly)
      return `${service.name} writes to ${mount.type === 'volume' ? 'the volume' : 'the host folder'} ${mount.source}, so it is not stateless: copies would write the same data`;
  if (service.networkMode !== null)
    return `${service.name} uses network mode ${service.networkMode}, so copies could not be told apart on the network`;
  return null;
}

/**
 * The limits a service runs with before the user's setting: the compose file's own, else the
 * template's declared `resources`. The manifest's numbers are the whole app's need and it does not
 * say how they split, so each service without its own limit may use up to the whole of them: a
 * runaway service cannot take more of the node than the app declared, and a split guessed evenly
 * would starve the one service (often the database) that needs most of it.
 */
export function defaultLimits(
  service: NormalizedService,
  manifest: TemplateManifest,
  nodeCpus: number | null = null,
) {
  // Docker refuses a CPU limit above the node's count; the template's need is capped there.
  const declared =
    nodeCpus === null ? manifest.resources.cpu_cores : Math.min(manifest.resources.cpu_cores, nodeCpus);
  return {
    cpuCores: service.limits.cpus ?? declared,
    memoryMb:
      service.limits.memoryBytes === null ? manifest.resources.memory_mb : service.limits.memoryBytes / MB,
  };
}

export const settingsFacts = (
  compose: NormalizedCompose,
  manifest: TemplateManifest,
  nodeCpus: number | null,
): ServiceFacts[] =>
  compose.services.map((service) => ({
    name: service.name,
    image: service.image,
    environmentNames: Object.keys(service.environment).sort(),
    composeLimits: {
      cpuCores: service.limits.cpus,
      memoryMb: service.limits.memoryBytes === null ? null : service.limits.memoryBytes / MB,
    },
    defaultLimits: defaultLimits(service, manifest, nodeCpus),
    scaleRefusal: scaleRefusal(service),
  }));

const refuse = (message: string, field: string) => new AppError('invalid_input', message, { field });

function checkService(service: NormalizedService, settings: ServiceSettings): void {
  const field = `settings.services.${service.name}`;
  for (const name of Object.keys(settings.environment)) {
    if (!ENV_NAME.test(name))
      throw refuse(
        `${JSON.stringify(name)} is not an environment variable name for ${service.name}: ${ENV_NAME_RULE}.`,
        `${field}.environment.${name}`,
      );
    if (service.environment[name] !== undefined && !settings.replaces.includes(name))
      throw refuse(
        `${name} is set by the template for ${service.name} (it may hold one of the app's own secrets). To replace it, say so: tick "replace the template's value" for ${name}, or pick another name.`,
        `${field}.environment.${name}`,
      );
  }
  const reservation = service.reservations.memoryBytes;
  if (settings.memoryMb !== null && reservation !== null && settings.memoryMb * MB < reservation)
    throw refuse(
      `${service.name} reserves ${Math.ceil(reservation / MB)} MB in its compose file; a memory limit must be at least that.`,
      `${field}.memoryMb`,
    );
  if (settings.replicas > 1) {
    const reason = scaleRefusal(service);
    if (reason)
      throw refuse(`${service.name} cannot run ${settings.replicas} copies: ${reason}.`, `${field}.replicas`);
  }
}

/**
 * Whether `settings` fit the compose they will be applied to: every service named exists, no
 * template variable is replaced unasked, and only stateless services run more than one copy.
 */
export function checkSettings(
  compose: NormalizedCompose,
  settings: DeploymentSettings,
  nodeCpus: number | null = null,
): void {
  for (const [name, serviceSettings] of Object.entries(settings.services)) {
    if (nodeCpus !== null && serviceSettings.cpuCores !== null && serviceSettings.cpuCores > nodeCpus)
      throw refuse(
        `${name} cannot be given ${serviceSettings.cpuCores} CPU cores: its node has ${nodeCpus}. Pick at most ${nodeCpus}.`,
        `settings.services.${name}.cpuCores`,
      );
    const service = compose.services.find((s) => s.name === name);
    if (!service)
      throw refuse(
        `The app has no service ${name}; its services are ${compose.services.map((s) => s.name).join(', ')}.`,
        `settings.services.${name}`,
      );
    checkService(service, serviceSettings);
  }
}

/** Settings without what changes nothing: services at their defaults, `replaces` naming no variable given. */
export function tidySettings(settings: DeploymentSettings): DeploymentSettings {
  const services = Object.entries(settings.services).flatMap(([name, s]) => {
    const replaces = s.replaces.filter((r) => s.environment[r] !== undefined).sort();
    const tidy = { ...s, replaces };
    const isDefault =
      Object.keys(s.environment).length === 0 &&
      s.cpuCores === null &&
      s.memoryMb === null &&
      s.replicas === 1;
    return isDefault ? [] : [[name, tidy] as const];
  });
  return { services: Object.fromEntries(services) };
}

/** The rendered compose with the settings applied: extra environment, limits (user's, compose's, template's). */
export function applySettings(
  compose: NormalizedCompose,
  manifest: TemplateManifest,
  settings: DeploymentSettings,
  nodeCpus: number | null = null,
): NormalizedCompose {
  return {
    ...compose,
    services: compose.services.map((service) => {
      const own = settings.services[service.name];
      const limits = defaultLimits(service, manifest, nodeCpus);
      return {
        ...service,
        environment: { ...service.environment, ...own?.environment },
        limits: {
          cpus: own?.cpuCores ?? limits.cpuCores,
          memoryBytes: Math.round((own?.memoryMb ?? limits.memoryMb) * MB),
        },
      };
    }),
  };
}

export const replicasOf = (settings: DeploymentSettings): Record<string, number> =>
  Object.fromEntries(Object.entries(settings.services).map(([name, s]) => [name, s.replicas]));

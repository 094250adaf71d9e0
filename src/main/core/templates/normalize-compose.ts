import type {
  NormalizedCompose,
  NormalizedNetwork,
  NormalizedService,
  NormalizedVolume,
} from '@shared/contract/template-model';
import { findDependencyCycle } from './compose-graph';
import {
  IGNORED_TOP_LEVEL_KEYS,
  TOP_LEVEL_KEYS,
  UNSUPPORTED_REASONS,
  unsupportedReason,
} from './compose-keys';
import { entries, hasKey, isDict, listOrDictEntries, scalarText, type Dict } from './compose-values';
import type { IssueCollector } from './issues';
import { normalizeService } from './normalize-service';

const labelsOf = (raw: unknown): Record<string, string> =>
  Object.fromEntries(listOrDictEntries(raw).map(({ key, value }) => [key, scalarText(value)]));

const refuseKeys = (
  raw: Record<string, unknown>,
  allowed: string[],
  path: string[],
  issues: IssueCollector,
  reasons: Record<string, string> = {},
) => {
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key) || key.startsWith('x-')) continue;
    issues.error(
      'compose:unsupported',
      (Object.hasOwn(reasons, key) ? reasons[key] : undefined) ?? `${key} is not supported here.`,
      [...path, key],
      'key',
    );
  }
};

function normalizeVolumes(raw: unknown, issues: IssueCollector): NormalizedVolume[] {
  return entries(raw).map(([name, spec]) => {
    const path = ['volumes', name];
    const options = isDict(spec) ? spec : {};
    const external = options.external === true || isDict(options.external);
    refuseKeys(
      options,
      ['driver', 'driver_opts', 'labels', 'external', ...(external ? ['name'] : [])],
      path,
      issues,
      {
        name: 'A fixed volume name would be shared by every deployment of the template; Hoster names volumes per deployment. For an existing volume, set external: true.',
      },
    );
    if (options.driver !== undefined && options.driver !== 'local') {
      issues.error(
        'compose:unsupported',
        `Volume driver "${scalarText(options.driver)}" is not supported; only local volumes are.`,
        [...path, 'driver'],
      );
    }
    const legacyName =
      isDict(options.external) && typeof options.external.name === 'string' ? options.external.name : null;
    const externalName = external
      ? typeof options.name === 'string'
        ? options.name
        : (legacyName ?? name)
      : null;
    const driverOpts = Object.fromEntries(entries(options.driver_opts).map(([k, v]) => [k, scalarText(v)]));
    return { name, external, externalName, driverOpts, labels: labelsOf(options.labels) };
  });
}

function normalizeNetworkDefinitions(raw: unknown, issues: IssueCollector): NormalizedNetwork[] {
  return entries(raw).map(([name, spec]) => {
    const path = ['networks', name];
    const options = isDict(spec) ? spec : {};
    refuseKeys(options, ['driver', 'internal', 'labels', 'attachable'], path, issues, {
      external: 'A deployment keeps to its own networks; joining a network outside it is not supported.',
      name: 'Hoster names networks per deployment.',
      ipam: 'A fixed subnet could collide with the networks of other deployments on the node; remove ipam and let Docker pick one, and reach services by their names.',
    });
    if (options.driver !== undefined && options.driver !== 'bridge') {
      issues.error(
        'compose:unsupported',
        `Network driver "${scalarText(options.driver)}" is not supported; networks are bridge networks.`,
        [...path, 'driver'],
      );
    }
    return { name, internal: options.internal === true, labels: labelsOf(options.labels) };
  });
}

function checkPublishedPorts(services: NormalizedService[], issues: IssueCollector) {
  const taken = new Map<string, string>();
  for (const service of services) {
    const fixed = service.ports.filter((p) => p.published !== null);
    if (fixed.length === 0) continue;
    const path = ['services', service.name, 'ports'];
    issues.warn(
      'compose:port-fixed',
      `${service.name} publishes fixed host ports (${fixed.map((p) => p.published).join(', ')}): a second deployment on the same node would collide. Leave the host port out and Hoster picks one.`,
      path,
    );
    for (const port of fixed) {
      const key = `${port.hostIp ?? '*'}:${String(port.published)}/${port.protocol}`;
      const other = taken.get(key);
      if (other !== undefined)
        issues.error(
          'compose:port-conflict',
          `Host port ${String(port.published)}/${port.protocol} is published by both ${other} and ${service.name}.`,
          path,
        );
      taken.set(key, service.name);
    }
  }
}

function crossCheck(compose: NormalizedCompose, issues: IssueCollector) {
  const cycle = findDependencyCycle(compose.services);
  if (cycle) {
    issues.error(
      'compose:depends-on-cycle',
      `The services depend on each other in a circle: ${cycle.join(' → ')}.`,
      ['services', cycle[0] ?? '', 'depends_on'],
    );
  }
  checkPublishedPorts(compose.services, issues);
  const byName = new Map(compose.services.map((s) => [s.name, s]));
  const usedVolumes = new Set(
    compose.services.flatMap((s) =>
      s.mounts.flatMap((m) => (m.type === 'volume' && m.source !== null ? [m.source] : [])),
    ),
  );
  for (const volume of compose.volumes) {
    if (!usedVolumes.has(volume.name))
      issues.warn(
        'compose:volume-unused',
        `Volume "${volume.name}" is declared but no service mounts it.`,
        ['volumes', volume.name],
        'key',
      );
  }
  for (const service of compose.services) {
    for (const dependency of service.dependsOn) {
      const target = byName.get(dependency.service);
      if (dependency.condition === 'service_healthy' && target && target.healthcheck === null) {
        issues.warn(
          'compose:healthcheck-missing',
          `${service.name} waits for ${target.name} to be healthy, but ${target.name} defines no healthcheck; it relies on one built into the image.`,
          ['services', service.name, 'depends_on', dependency.service],
        );
      }
    }
  }
}

/** Top-level keys other than services, volumes, networks and extensions are ignored or refused. */
function checkTopLevelKeys(doc: Dict, issues: IssueCollector): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('x-') || TOP_LEVEL_KEYS.has(key)) continue;
    if (IGNORED_TOP_LEVEL_KEYS.has(key)) {
      const why =
        key === 'version' ? 'version is obsolete in compose' : 'Hoster names each deployment itself';
      issues.warn('compose:ignored', `${key} is ignored: ${why}.`, [key], 'key');
    } else {
      const known = Object.hasOwn(UNSUPPORTED_REASONS, key);
      issues.error(
        'compose:unsupported',
        known ? unsupportedReason(key) : `${key} is not a top-level key of a compose file.`,
        [key],
        'key',
      );
    }
  }
}

/** Services, volumes and networks named `x-…` would read as extension keys. */
function refuseExtensionNames(doc: Dict, issues: IssueCollector): void {
  for (const [section, list] of [
    ['services', entries(doc.services)],
    ['volumes', entries(doc.volumes)],
    ['networks', entries(doc.networks)],
  ] as const) {
    for (const [name] of list) {
      if (name.startsWith('x-'))
        issues.error(
          'compose:extension-name',
          `"${name}" starts with x-, which marks an extension key; give it a name that does not.`,
          [section, name],
          'key',
        );
    }
  }
}

/**
 * Turns a parsed compose file into the typed model the deployment engine uses, reporting every key
 * it cannot carry out. Works on any input; returns null only when there is nothing to model.
 */
export function normalizeCompose(doc: unknown, issues: IssueCollector): NormalizedCompose | null {
  if (!isDict(doc)) {
    issues.error('compose:not-mapping', 'A compose file is a mapping with services at its top.', []);
    return null;
  }
  checkTopLevelKeys(doc, issues);
  const services = entries(doc.services);
  if (services.length === 0) {
    issues.error(
      'compose:no-services',
      'The file defines no services.',
      hasKey(doc, 'services') ? ['services'] : [],
      'key',
    );
    return null;
  }
  refuseExtensionNames(doc, issues);
  const volumes = normalizeVolumes(doc.volumes, issues);
  const networks = normalizeNetworkDefinitions(doc.networks, issues);
  const context = {
    issues,
    serviceNames: new Set(services.map(([name]) => name)),
    declaredVolumes: new Set(volumes.map((v) => v.name)),
    declaredNetworks: new Set(networks.map((n) => n.name)),
  };
  const normalized = services.flatMap(([name, raw]) => normalizeService(name, raw, context) ?? []);
  const usesDefault = normalized.some((s) => s.networks.some((n) => n.name === 'default'));
  const allNetworks =
    usesDefault && !networks.some((n) => n.name === 'default')
      ? [{ name: 'default', internal: false, labels: {} }, ...networks]
      : networks;
  const compose: NormalizedCompose = { services: normalized, volumes, networks: allNetworks };
  crossCheck(compose, issues);
  return compose;
}

import { entries, hasKey, isDict, removeKey, type Dict } from './compose-values';
import type { ImportLog } from './import-report';

/** Service keys whose null entries mean something in compose (pass the host's value, take the defaults). */
const NULL_MEANS_DEFAULT = new Set(['environment', 'networks', 'volumes', 'depends_on', 'labels']);

/**
 * An empty key (`labels:` with nothing under it) is null, which the compose schema refuses; compose
 * itself reads it as absent. Nested mappings are cleaned too, except those where null is meaningful.
 */
function dropNulls(dict: Dict, at: string, log: ImportLog, depth = 0): void {
  for (const [key, value] of Object.entries(dict)) {
    if (key.startsWith('x-')) continue;
    if (value === null) {
      removeKey(dict, key);
      log.changed(`${at}.${key}`, 'An empty value means nothing in compose; the key was removed.');
    } else if (isDict(value) && depth < 3 && !(depth === 0 && NULL_MEANS_DEFAULT.has(key))) {
      dropNulls(value, `${at}.${key}`, log, depth + 1);
    }
  }
}

/** Long-syntax port targets written as text (`target: "80"`) become the numbers the schema expects. */
function numberPortTargets(service: Dict, at: string, log: ImportLog): void {
  if (!Array.isArray(service.ports)) return;
  service.ports.forEach((port: unknown, index) => {
    if (!isDict(port) || typeof port.target !== 'string' || !/^\d{1,5}$/.test(port.target)) return;
    const text = port.target;
    port.target = Number(text);
    log.changed(
      `${at}.ports[${index}].target`,
      `The container port "${text}" written as text became a number.`,
    );
  });
}

function fixService(service: Dict, at: string, log: ImportLog): void {
  dropNulls(service, at, log);
  if (service.network_mode === 'default') {
    delete service.network_mode;
    log.changed(
      `${at}.network_mode`,
      "network_mode: default is the deployment's own network; the key was removed.",
    );
  }
  if (hasKey(service, 'develop')) {
    delete service.develop;
    log.changed(
      `${at}.develop`,
      'develop (watch and sync while coding) has no meaning on a server; removed.',
    );
  }
  numberPortTargets(service, at, log);
}

/** Whether any service gives itself a fixed address on this network (what ipam would be for). */
function hasStaticAddress(doc: Dict, network: string): boolean {
  return entries(doc.services).some(([, service]) => {
    const attached = isDict(service) && isDict(service.networks) ? service.networks[network] : undefined;
    return isDict(attached) && (hasKey(attached, 'ipv4_address') || hasKey(attached, 'ipv6_address'));
  });
}

function fixNetworks(doc: Dict, log: ImportLog): void {
  for (const [name, spec] of entries(doc.networks)) {
    if (!isDict(spec) || spec.external !== undefined) continue;
    const at = `networks.${name}`;
    if (hasKey(spec, 'name')) {
      delete spec.name;
      log.changed(`${at}.name`, 'Hoster names networks per deployment, so the fixed name was removed.');
    }
    if (hasKey(spec, 'ipam') && !hasStaticAddress(doc, name)) {
      delete spec.ipam;
      log.changed(
        `${at}.ipam`,
        'No service takes a fixed address on this network, so Docker picks the subnet; ipam was removed.',
      );
    }
    if (spec.driver === 'overlay') {
      spec.driver = 'bridge';
      delete spec.driver_opts;
      log.changed(
        `${at}.driver`,
        'An overlay network spans a swarm; a deployment runs on one node, so it became a bridge network.',
      );
    }
  }
}

function fixVolumes(doc: Dict, log: ImportLog): void {
  for (const [name, spec] of entries(doc.volumes)) {
    if (!isDict(spec) || spec.external !== undefined || !hasKey(spec, 'name')) continue;
    delete spec.name;
    log.changed(
      `volumes.${name}.name`,
      'A fixed volume name would be shared by every deployment; Hoster names volumes per deployment, so it was removed.',
    );
  }
}

/**
 * Rewrites that keep what the author meant while fitting a single node and a per-deployment
 * namespace: fixed names, unused ipam, overlay, network_mode: default, empty values, text port
 * targets and develop. Each change goes into the import report.
 */
export function fixComposeForNode(doc: Dict, log: ImportLog): void {
  for (const key of ['volumes', 'networks', 'secrets', 'configs']) {
    if (hasKey(doc, key) && doc[key] === null) {
      removeKey(doc, key);
      log.changed(key, `An empty ${key} section means nothing in compose; removed.`);
    }
  }
  for (const [name, service] of entries(doc.services)) {
    if (isDict(service)) fixService(service, `services.${name}`, log);
  }
  fixNetworks(doc, log);
  fixVolumes(doc, log);
}

import { entries, hasKey, isDict, removeKey, setOwn, type Dict } from './compose-values';
import { fixComposeForNode } from './import-compose-fixes';
import { noteGpuRequests } from './import-gpus';
import { convertSwarmDeploy } from './import-swarm';
import type { ImportLog } from './import-report';
import { slugify } from './import-manifest';

const DROPPED_SERVICE_KEYS: Record<string, string> = {
  container_name: 'Hoster names containers per deployment, so the fixed name was removed.',
  profiles: 'every service of a template is deployed, so profiles were removed.',
  links: 'services reach each other by name on the deployment network, so links were removed.',
  external_links: 'a deployment cannot link to outside containers, so they were removed.',
  pull_policy: 'Hoster pulls an image when the node lacks it, so pull_policy was removed.',
  platform: "the node's own platform is used, so platform was removed.",
  cpu_shares: 'a relative CPU weight that Hoster does not set; removed (use deploy.resources.limits).',
};

const isRelative = (source: string): boolean => source.startsWith('.') || source.startsWith('~');

/** Turns relative bind mounts, which mean nothing on a node, into named volumes of the same name. */
function convertRelativeBinds(
  doc: Dict,
  service: Dict,
  at: string,
  log: ImportLog,
  keep: ReadonlySet<unknown>,
): void {
  if (!Array.isArray(service.volumes)) return;
  const declared = isDict(doc.volumes) ? doc.volumes : {};
  const volumeFor = (source: string): string => {
    const base = source.replace(/\/+$/, '').split('/').pop() ?? '';
    const name = slugify(base === '.' || base === '~' || base === '..' ? 'data' : base, 'data').replace(
      /-/g,
      '_',
    );
    if (!hasKey(declared, name)) setOwn(declared, name, null);
    doc.volumes = declared;
    return name;
  };
  service.volumes = service.volumes.map((item: unknown, index) => {
    if (keep.has(item)) return item;
    if (typeof item === 'string') {
      const [source = '', ...rest] = item.split(':');
      if (rest.length === 0 || !isRelative(source)) return item;
      const name = volumeFor(source);
      log.changed(
        `${at}.volumes[${index}]`,
        `The bind mount of ${source} became the named volume "${name}": a node has no project folder.`,
      );
      return [name, ...rest].join(':');
    }
    if (isDict(item) && item.type === 'bind' && typeof item.source === 'string' && isRelative(item.source)) {
      const name = volumeFor(item.source);
      log.changed(
        `${at}.volumes[${index}]`,
        `The bind mount of ${item.source} became the named volume "${name}": a node has no project folder.`,
      );
      const converted: Dict = { ...item, type: 'volume', source: name };
      delete converted.bind;
      return converted;
    }
    return item;
  });
}

/**
 * The fixes any imported compose file needs to fit the deployment engine, each one logged:
 * obsolete or swarm-only keys go, relative binds become volumes, and a restart policy is added.
 * What cannot be fixed (build without image, secrets, extends…) is left for validation to name.
 */
export function cleanUpCompose(doc: Dict, log: ImportLog, keep: ReadonlySet<unknown> = new Set()): void {
  if (hasKey(doc, 'version')) {
    delete doc.version;
    log.changed('version', 'Obsolete in compose; removed.');
  }
  if (hasKey(doc, 'name')) {
    delete doc.name;
    log.changed('name', 'Used as the template name; Hoster names each deployment.');
  }
  convertSwarmDeploy(doc, log);
  fixComposeForNode(doc, log);
  for (const [name, value] of entries(doc.services)) {
    if (!isDict(value)) continue;
    const at = `services.${name}`;
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(DROPPED_SERVICE_KEYS, key)) continue;
      removeKey(value, key);
      log.changed(`${at}.${key}`, DROPPED_SERVICE_KEYS[key] ?? 'Removed.');
    }
    if (hasKey(value, 'build')) {
      if (typeof value.image === 'string') {
        delete value.build;
        log.changed(`${at}.build`, `Hoster never builds images; the service runs ${value.image}.`);
      } else {
        log.refused(
          `${at}.build`,
          'The service is built from source and names no image; push the image to a registry and set image.',
        );
      }
    }
    if (hasKey(value, 'env_file')) {
      delete value.env_file;
      log.refused(
        `${at}.env_file`,
        'Env files are not imported; add their variables to environment in the editor.',
      );
    }
    if (value.network_mode === 'bridge') {
      delete value.network_mode;
      log.changed(
        `${at}.network_mode`,
        "The service joins the deployment's own network instead of Docker's default bridge.",
      );
    }
    noteGpuRequests(value, at, log);
    convertRelativeBinds(doc, value, at, log, keep);
    if (value.restart === undefined) {
      value.restart = 'unless-stopped';
      log.changed(
        `${at}.restart`,
        'Added restart: unless-stopped, so the service comes back after a crash or a reboot.',
      );
    }
  }
}

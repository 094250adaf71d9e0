import {
  entries,
  hasKey,
  isDict,
  listOrDictEntries,
  removeKey,
  scalarText,
  setOwn,
  type Dict,
} from './compose-values';
import type { ImportLog } from './import-report';

/** Swarm's restart conditions as Docker's restart policies; `any` restarts whatever the exit, as unless-stopped does. */
const SWARM_RESTART: Record<string, string> = {
  none: 'no',
  'on-failure': 'on-failure',
  any: 'unless-stopped',
};

/** Why each swarm-only `deploy` key has no counterpart on one node, as the report says it. */
const DROPPED_DEPLOY_KEYS: Record<string, string> = {
  placement:
    'Placement picks swarm nodes; a deployment runs on the node you choose when deploying, so it was removed',
  update_config:
    'Swarm rolling updates were removed: Hoster updates a deployment by recreating its containers',
  rollback_config:
    "Swarm rollbacks were removed: Hoster keeps the template's versions, and a deployment can go back to an earlier one",
  endpoint_mode:
    "The swarm load-balancing mode was removed: services reach each other by name on the deployment's network",
};

function restartFrom(policy: Dict): string {
  const condition = scalarText(policy.condition) || 'any';
  const restart = SWARM_RESTART[condition] ?? 'unless-stopped';
  const attempts = Number(scalarText(policy.max_attempts));
  return restart === 'on-failure' && Number.isInteger(attempts) && attempts > 0
    ? `on-failure:${attempts}`
    : restart;
}

/** Swarm service labels (`deploy.labels`, where Traefik in swarm mode reads its rules) join the container's labels. */
function mergeLabels(service: Dict, deploy: Dict, at: string, log: ImportLog): void {
  const swarm = listOrDictEntries(deploy.labels);
  if (swarm.length === 0) return;
  const labels: Dict = {};
  for (const { key, value } of listOrDictEntries(service.labels)) setOwn(labels, key, value ?? '');
  const added = swarm.filter(({ key }) => !hasKey(labels, key));
  for (const { key, value } of added) setOwn(labels, key, value ?? '');
  service.labels = labels;
  log.changed(
    `${at}.deploy.labels`,
    `The swarm service labels became container labels (${added.length} added${added.length < swarm.length ? '; where the container had the same label, its own value was kept' : ''}).`,
  );
}

function convertScale(deploy: Dict, at: string, log: ImportLog): void {
  if (deploy.mode === 'global')
    log.changed(
      `${at}.deploy.mode`,
      'A global service runs once on every swarm node; on the one node of a deployment that is one container. Removed.',
    );
  else if (hasKey(deploy, 'mode'))
    log.changed(`${at}.deploy.mode`, 'A replicated service runs as one container here. Removed.');
  const replicas = Number(scalarText(deploy.replicas));
  if (Number.isInteger(replicas) && replicas > 1)
    log.changed(
      `${at}.deploy.replicas`,
      `The stack asked for ${replicas} replicas; a deployment runs one container per service, so it runs one. Removed.`,
    );
  else if (hasKey(deploy, 'replicas'))
    log.changed(`${at}.deploy.replicas`, 'One replica is what a deployment runs anyway. Removed.');
}

function convertRestart(service: Dict, deploy: Dict, at: string, log: ImportLog): void {
  if (!isDict(deploy.restart_policy)) return;
  const policy = deploy.restart_policy;
  const ignored = ['delay', 'window'].filter((key) => hasKey(policy, key));
  const also =
    ignored.length > 0
      ? ` Docker has no ${ignored.join(' or ')} for restarts, so that part was dropped.`
      : '';
  if (service.restart !== undefined) {
    log.changed(
      `${at}.deploy.restart_policy`,
      `The service already says restart: ${scalarText(service.restart)}, which is kept; the swarm restart policy was removed.`,
    );
    return;
  }
  service.restart = restartFrom(policy);
  log.changed(
    `${at}.deploy.restart_policy`,
    `The swarm restart policy became restart: ${String(service.restart)}.${also}`,
  );
}

/** Rewrites a service's swarm `deploy` block for one node; only `resources` (limits and reservations) stays. */
function convertDeploy(service: Dict, at: string, log: ImportLog): void {
  if (!isDict(service.deploy)) return;
  const deploy = service.deploy;
  mergeLabels(service, deploy, at, log);
  convertScale(deploy, at, log);
  convertRestart(service, deploy, at, log);
  for (const key of Object.keys(deploy)) {
    if (key === 'resources' || key.startsWith('x-')) continue;
    const why = Object.hasOwn(DROPPED_DEPLOY_KEYS, key) ? DROPPED_DEPLOY_KEYS[key] : undefined;
    if (why !== undefined) log.changed(`${at}.deploy.${key}`, `${why}.`);
    else if (!['labels', 'mode', 'replicas', 'restart_policy'].includes(key))
      log.changed(`${at}.deploy.${key}`, 'A swarm option with no meaning on a single node; removed.');
    removeKey(deploy, key);
  }
  if (Object.keys(deploy).length === 0) removeKey(service, 'deploy');
}

/** A stack joins a swarm network made beforehand; a deployment gets a network of its own under that name. */
function convertNetworks(doc: Dict, log: ImportLog): void {
  for (const [name, spec] of entries(doc.networks)) {
    if (!isDict(spec)) continue;
    if (spec.external !== undefined && spec.external !== false) {
      const outside = isDict(spec.external) ? scalarText(spec.external.name) : scalarText(spec.name);
      for (const key of ['external', 'name']) removeKey(spec, key);
      log.changed(
        `networks.${name}`,
        `The stack joined the existing network "${outside || name}"; a deployment keeps to networks of its own, so "${name}" is now made with the deployment. Containers outside it no longer see its services: publish a port or give it a domain to reach them.`,
      );
    }
    if (hasKey(spec, 'attachable')) {
      removeKey(spec, 'attachable');
      log.changed(
        `networks.${name}.attachable`,
        'attachable lets standalone containers join a swarm network; a deployment network needs no such flag. Removed.',
      );
    }
  }
}

/**
 * Swarm secrets and configs made beforehand (`external: true`) become ones the import converts like
 * a file it does not have: a secret by its name's role (generated, or a password the user types), a
 * config filled in by the user.
 */
function convertExternalFiles(doc: Dict, log: ImportLog): void {
  for (const kind of ['secrets', 'configs'] as const) {
    for (const [name, spec] of entries(doc[kind])) {
      if (!isDict(spec) || spec.external === undefined || spec.external === false) continue;
      for (const key of ['external', 'name']) removeKey(spec, key);
      spec.file = name;
      log.changed(
        `${kind}.${name}`,
        `The swarm ${kind === 'secrets' ? 'secret' : 'config'} ${name} was made outside the stack; Hoster makes it with the deployment instead.`,
      );
    }
  }
}

/**
 * A service's swarm `deploy` block, for every import: what a single node has an answer for is
 * converted (restart policy, service labels), the rest removed, each with a report item.
 */
export function convertSwarmDeploy(doc: Dict, log: ImportLog): void {
  for (const [name, service] of entries(doc.services))
    if (isDict(service)) convertDeploy(service, `services.${name}`, log);
}

/**
 * What a swarm stack (`docker stack deploy`, Portainer type 2) makes beforehand: external
 * networks, secrets and configs, which a deployment makes itself. Only for swarm stacks: in a plain
 * compose file `external` names something on the node, which validation refuses with a reason.
 */
export function convertSwarmExternals(doc: Dict, log: ImportLog): void {
  convertNetworks(doc, log);
  convertExternalFiles(doc, log);
}

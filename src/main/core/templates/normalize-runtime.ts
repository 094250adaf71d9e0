import { dependencyConditions, type NormalizedService } from '@shared/contract/template-model';
import {
  entries,
  hasKey,
  isDict,
  parseBytes,
  parseCpus,
  parseDuration,
  scalarText,
  splitShellWords,
  type Dict,
} from './compose-values';
import { unsupportedReason } from './compose-keys';
import type { IssueCollector, PathSegment } from './issues';

type Service = NormalizedService;

const durationAt = (raw: Dict, key: string, path: PathSegment[], issues: IssueCollector): number | null => {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  const ms = typeof value === 'string' ? parseDuration(value) : null;
  if (ms === null)
    issues.error('compose:duration', 'Must be a duration such as 30s or 1m30s.', [...path, key]);
  return ms;
};

export function normalizeHealthcheck(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): Service['healthcheck'] {
  if (!isDict(raw)) return null;
  if (raw.disable === true) return { disabled: true };
  let test: string[] = [];
  if (typeof raw.test === 'string') test = ['CMD-SHELL', raw.test];
  else if (Array.isArray(raw.test)) test = raw.test.map(String);
  if (test[0] === 'NONE') return { disabled: true };
  if (test.length > 0 && test[0] !== 'CMD' && test[0] !== 'CMD-SHELL') {
    issues.error('compose:healthcheck', 'A healthcheck test list starts with CMD, CMD-SHELL or NONE.', [
      ...path,
      'test',
    ]);
  }
  const retries =
    typeof raw.retries === 'number' && Number.isInteger(raw.retries) && raw.retries >= 0 ? raw.retries : null;
  if (raw.retries !== undefined && retries === null)
    issues.error('compose:healthcheck', 'retries must be a whole number.', [...path, 'retries']);
  const positive = (ms: number | null) => (ms === 0 ? null : ms);
  return {
    disabled: false,
    test,
    intervalMs: positive(durationAt(raw, 'interval', path, issues)),
    timeoutMs: positive(durationAt(raw, 'timeout', path, issues)),
    retries,
    startPeriodMs: durationAt(raw, 'start_period', path, issues),
    startIntervalMs: positive(durationAt(raw, 'start_interval', path, issues)),
  };
}

export function normalizeRestart(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): Service['restart'] {
  if (raw === undefined) return { policy: 'no', maxRetries: null };
  const text = typeof raw === 'string' ? raw : '';
  if (text === 'no' || text === 'always' || text === 'unless-stopped' || text === 'on-failure')
    return { policy: text, maxRetries: null };
  const match = /^on-failure:(\d{1,4})$/.exec(text);
  if (match) return { policy: 'on-failure', maxRetries: Number(match[1]) };
  issues.error(
    'compose:restart',
    'restart must be no, always, on-failure, on-failure:N or unless-stopped.',
    path,
  );
  return { policy: 'no', maxRetries: null };
}

const onlyKeys = (raw: Dict, allowed: string[], path: PathSegment[], issues: IssueCollector) => {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key) && !key.startsWith('x-'))
      issues.error('compose:unsupported', unsupportedReason(key), [...path, key], 'key');
  }
};

function resourceBlock(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
  allowed = ['cpus', 'memory'],
): Service['limits'] {
  if (!isDict(raw)) return { cpus: null, memoryBytes: null };
  onlyKeys(raw, allowed, path, issues);
  const cpus = raw.cpus === undefined ? null : parseCpus(raw.cpus);
  if (raw.cpus !== undefined && cpus === null)
    issues.error('compose:resources', 'cpus must be a positive number such as 0.5.', [...path, 'cpus']);
  const memoryBytes = raw.memory === undefined ? null : parseBytes(raw.memory);
  if (raw.memory !== undefined && memoryBytes === null)
    issues.error('compose:resources', 'memory must be a size such as 512m or 1g.', [...path, 'memory']);
  return { cpus, memoryBytes };
}

/** `deploy.resources` with the older `cpus` and `mem_limit` folded into the limits. */
export function normalizeResources(
  service: Dict,
  path: PathSegment[],
  issues: IssueCollector,
): Pick<Service, 'limits' | 'reservations'> {
  const deploy = isDict(service.deploy) ? service.deploy : {};
  onlyKeys(deploy, ['resources'], [...path, 'deploy'], issues);
  const resources = isDict(deploy.resources) ? deploy.resources : {};
  onlyKeys(resources, ['limits', 'reservations'], [...path, 'deploy', 'resources'], issues);
  const limits = resourceBlock(resources.limits, [...path, 'deploy', 'resources', 'limits'], issues);
  // Reserved devices are GPU requests, which normalize-gpus.ts reads.
  const reservations = resourceBlock(
    resources.reservations,
    [...path, 'deploy', 'resources', 'reservations'],
    issues,
    ['cpus', 'memory', 'devices'],
  );
  if (service.cpus !== undefined) {
    const cpus = parseCpus(service.cpus);
    if (cpus === null)
      issues.error('compose:resources', 'cpus must be a positive number such as 0.5.', [...path, 'cpus']);
    else if (limits.cpus !== null && limits.cpus !== cpus)
      issues.error('compose:conflict', 'cpus and deploy.resources.limits.cpus disagree.', [...path, 'cpus']);
    else limits.cpus = cpus;
  }
  if (service.mem_limit !== undefined) {
    const bytes = parseBytes(service.mem_limit);
    if (bytes === null)
      issues.error('compose:resources', 'mem_limit must be a size such as 512m.', [...path, 'mem_limit']);
    else if (limits.memoryBytes !== null && limits.memoryBytes !== bytes)
      issues.error('compose:conflict', 'mem_limit and deploy.resources.limits.memory disagree.', [
        ...path,
        'mem_limit',
      ]);
    else limits.memoryBytes = bytes;
  }
  return { limits, reservations };
}

export function normalizeDependsOn(
  raw: unknown,
  path: PathSegment[],
  serviceNames: ReadonlySet<string>,
  issues: IssueCollector,
): Service['dependsOn'] {
  const list: { service: string; condition: Service['dependsOn'][number]['condition']; at: PathSegment[] }[] =
    [];
  if (Array.isArray(raw)) {
    raw.forEach((name: unknown, index) =>
      list.push({ service: String(name), condition: 'service_started', at: [...path, index] }),
    );
  } else {
    for (const [name, spec] of entries(raw)) {
      const at = [...path, name];
      const options = isDict(spec) ? spec : {};
      if (options.required === false)
        issues.error('compose:unsupported', 'Optional dependencies (required: false) are not supported.', [
          ...at,
          'required',
        ]);
      if (hasKey(options, 'restart'))
        issues.warn(
          'compose:ignored',
          'restart on a dependency is not supported; Hoster ignores it.',
          [...at, 'restart'],
          'key',
        );
      const condition = dependencyConditions.find((c) => c === options.condition) ?? 'service_started';
      list.push({ service: name, condition, at });
    }
  }
  return list.flatMap(({ service, condition, at }) => {
    if (serviceNames.has(service)) return [{ service, condition }];
    issues.error(
      'compose:depends-on-unknown',
      `depends_on names "${service}", which is not a service of this file.`,
      at,
    );
    return [];
  });
}

export function normalizeNetworks(
  service: Dict,
  path: PathSegment[],
  declared: ReadonlySet<string>,
  issues: IssueCollector,
): Service['networks'] {
  const raw = service.networks;
  if (raw === undefined)
    return typeof service.network_mode === 'string' ? [] : [{ name: 'default', aliases: [] }];
  if (typeof service.network_mode === 'string') {
    issues.error(
      'compose:conflict',
      'A service cannot have both network_mode and networks.',
      [...path, 'networks'],
      'key',
    );
    return [];
  }
  const items: { name: string; spec: unknown; at: PathSegment[] }[] = Array.isArray(raw)
    ? raw.map((name: unknown, index) => ({
        name: String(name),
        spec: null,
        at: [...path, 'networks', index],
      }))
    : entries(raw).map(([name, spec]) => ({ name, spec, at: [...path, 'networks', name] }));
  return items.flatMap(({ name, spec, at }) => {
    if (name !== 'default' && !declared.has(name)) {
      issues.error(
        'compose:network-undeclared',
        `Network "${name}" is used but not declared under the top-level networks.`,
        at,
      );
      return [];
    }
    const options = isDict(spec) ? spec : {};
    onlyKeys(options, ['aliases'], at, issues);
    const aliases = Array.isArray(options.aliases) ? options.aliases.map(String) : [];
    return [{ name, aliases }];
  });
}

export function normalizeUlimits(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): Service['ulimits'] {
  return entries(raw).flatMap(([name, value]) => {
    if (typeof value === 'number' && Number.isInteger(value)) return [{ name, soft: value, hard: value }];
    if (isDict(value) && Number.isInteger(value.soft) && Number.isInteger(value.hard))
      return [{ name, soft: Number(value.soft), hard: Number(value.hard) }];
    issues.error('compose:ulimits', 'A ulimit is a number or { soft, hard }.', [...path, name]);
    return [];
  });
}

export function normalizeLogging(
  raw: unknown,
  path: PathSegment[],
  issues: IssueCollector,
): Service['logging'] {
  if (!isDict(raw)) return null;
  const driver = raw.driver ?? 'json-file';
  const options = Object.fromEntries(entries(raw.options).map(([k, v]) => [k, scalarText(v)]));
  if (driver === 'json-file' || driver === 'local') return { driver, options };
  issues.error(
    'compose:unsupported',
    `Log driver "${scalarText(driver)}" is not supported; use json-file or local so Hoster can show the logs.`,
    [...path, 'driver'],
  );
  return null;
}

/** `command`/`entrypoint`: a string is split into words as compose does; a list is taken as is. */
export function normalizeCommand(raw: unknown, path: PathSegment[], issues: IssueCollector): string[] | null {
  if (raw === undefined || raw === null) return null;
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string') return null;
  const words = splitShellWords(raw);
  if (words === null) issues.error('compose:command', 'A quote is left open.', path);
  return words;
}

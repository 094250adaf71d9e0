import { isIP } from 'node:net';
import type { NormalizedService } from '@shared/contract/template-model';
import { hasKey, isDict, scalarText } from './compose-values';
import type { IssueCollector, PathSegment } from './issues';

type Port = NormalizedService['ports'][number];
type Expose = NormalizedService['expose'][number];
type Protocol = Port['protocol'];

const MAX_RANGE = 100;

const parseProtocol = (text: string, path: PathSegment[], issues: IssueCollector): Protocol | null => {
  const protocol = text.toLowerCase();
  if (protocol === 'tcp' || protocol === 'udp') return protocol;
  issues.error('compose:unsupported', `Protocol "${text}" is not supported; use tcp or udp.`, path);
  return null;
};

/** `8080` or `8000-8010` → the port numbers, or null (after reporting) when out of range. */
function parseRange(
  text: string,
  path: PathSegment[],
  issues: IssueCollector,
  what: string,
): number[] | null {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  const first = Number(match?.[1]);
  const last = match?.[2] === undefined ? first : Number(match[2]);
  if (!match || first < 1 || last > 65535 || last < first) {
    issues.error(
      'compose:port',
      `${what} "${text}" must be a port from 1 to 65535 or a range such as 8000-8010.`,
      path,
    );
    return null;
  }
  if (last - first >= MAX_RANGE) {
    issues.error(
      'compose:port',
      `${what} range "${text}" spans more than ${MAX_RANGE} ports, the most Hoster publishes from one entry; split it into entries of at most ${MAX_RANGE} ports, or publish only the ports you use.`,
      path,
    );
    return null;
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

const checkHostIp = (hostIp: string, path: PathSegment[], issues: IssueCollector): boolean => {
  if (isIP(hostIp) !== 0) return true;
  issues.error('compose:port', `Host address "${hostIp}" is not an IP address.`, path);
  return false;
};

function combine(
  targets: number[],
  published: number[] | null,
  protocol: Protocol,
  hostIp: string | null,
  path: PathSegment[],
  issues: IssueCollector,
): Port[] {
  if (published !== null && published.length !== targets.length) {
    issues.error('compose:port', 'The published and container port ranges must be the same length.', path);
    return [];
  }
  return targets.map((target, i) => ({ target, published: published?.[i] ?? null, protocol, hostIp }));
}

/** Short syntax: `[[host_ip:]published:]target[/protocol]`, with ranges and `[v6]` addresses. */
function parseShortPort(raw: string, path: PathSegment[], issues: IssueCollector): Port[] {
  let text = raw.trim();
  let protocol: Protocol | null = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    protocol = parseProtocol(text.slice(slash + 1), path, issues);
    text = text.slice(0, slash);
  }
  let hostIp: string | null = null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']:');
    if (close < 0) {
      issues.error('compose:port', `"${raw}" is not a port mapping.`, path);
      return [];
    }
    hostIp = text.slice(1, close);
    text = text.slice(close + 2);
  }
  const parts = text.split(':');
  if (parts.length > 3 || (hostIp !== null && parts.length > 2)) {
    hostIp = parts.slice(0, -2).join(':');
    parts.splice(0, parts.length - 2);
  } else if (parts.length === 3) {
    hostIp = parts.shift() ?? null;
  }
  const [first = '', second] = parts;
  const targetText = second ?? first;
  const publishedText = second === undefined ? '' : first;
  const targets = parseRange(targetText, path, issues, 'Container port');
  const published =
    publishedText === '' || publishedText === '0'
      ? null
      : parseRange(publishedText, path, issues, 'Published port');
  if (!targets || protocol === null || (publishedText !== '' && publishedText !== '0' && !published))
    return [];
  if (hostIp !== null && !checkHostIp(hostIp, path, issues)) return [];
  return combine(targets, published, protocol, hostIp, path, issues);
}

function parseLongPort(raw: Record<string, unknown>, path: PathSegment[], issues: IssueCollector): Port[] {
  if (hasKey(raw, 'mode'))
    issues.warn(
      'compose:ignored',
      'The port mode is a swarm option; Hoster ignores it.',
      [...path, 'mode'],
      'key',
    );
  const protocol =
    typeof raw.protocol === 'string' ? parseProtocol(raw.protocol, [...path, 'protocol'], issues) : 'tcp';
  const targets = parseRange(scalarText(raw.target), [...path, 'target'], issues, 'Container port');
  const publishedRaw = scalarText(raw.published);
  const published =
    publishedRaw === '' || publishedRaw === '0'
      ? null
      : parseRange(publishedRaw, [...path, 'published'], issues, 'Published port');
  const hostIp = typeof raw.host_ip === 'string' && raw.host_ip !== '' ? raw.host_ip : null;
  if (!targets || protocol === null || (publishedRaw !== '' && publishedRaw !== '0' && !published)) return [];
  if (hostIp !== null && !checkHostIp(hostIp, [...path, 'host_ip'], issues)) return [];
  return combine(targets, published, protocol, hostIp, path, issues);
}

export function normalizePorts(raw: unknown, path: PathSegment[], issues: IssueCollector): Port[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown, index) => {
    const at = [...path, index];
    if (typeof item === 'number' || typeof item === 'string') return parseShortPort(String(item), at, issues);
    if (isDict(item)) return parseLongPort(item, at, issues);
    return [];
  });
}

export function normalizeExpose(raw: unknown, path: PathSegment[], issues: IssueCollector): Expose[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown, index) => {
    if (typeof item !== 'number' && typeof item !== 'string') return [];
    const at = [...path, index];
    const [portText = '', protocolText] = String(item).split('/');
    const protocol = protocolText === undefined ? 'tcp' : parseProtocol(protocolText, at, issues);
    const ports = parseRange(portText, at, issues, 'Exposed port');
    return ports && protocol ? ports.map((port) => ({ port, protocol })) : [];
  });
}

import type { TemplateCategory, TemplateManifestInput } from '@shared/contract/template-model';
import { isDict, scalarText, type Dict } from './compose-values';
import { categoryFrom, categoryFromImages, imageRefsOf } from './import-manifest';
import type { ImportLog } from './import-report';
import { hasDollar, parseInterpolation, substituteParts } from './interpolation';

/** CasaOS's language order: `en_us`, then `en_US` or `en` (any spelling), then any language given. */
export function localized(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (!isDict(value)) return '';
  const texts = Object.entries(value).flatMap(([language, text]) =>
    typeof text === 'string' && text.trim() !== ''
      ? [{ language: language.toLowerCase(), text: text.trim() }]
      : [],
  );
  const pick = (test: (language: string) => boolean) => texts.find((t) => test(t.language))?.text;
  return (
    pick((l) => l === 'en_us' || l === 'en-us') ??
    pick((l) => l === 'en') ??
    pick((l) => l.startsWith('en')) ??
    texts.find((t) => t.language !== 'custom')?.text ??
    ''
  );
}

/** The CasaOS App Store's categories, onto Hoster's; anything else is matched by its words. */
const CATEGORIES: Record<string, TemplateCategory> = {
  analytics: 'analytics',
  backup: 'storage',
  blog: 'web',
  chat: 'communication',
  cloud: 'storage',
  crm: 'productivity',
  dashboard: 'monitoring',
  database: 'database',
  developer: 'development',
  documents: 'productivity',
  downloader: 'media',
  email: 'communication',
  entertainment: 'media',
  'file sync': 'storage',
  finance: 'productivity',
  forum: 'communication',
  gallery: 'media',
  home: 'automation',
  'home automation': 'automation',
  learning: 'productivity',
  media: 'media',
  monitoring: 'monitoring',
  network: 'networking',
  notes: 'productivity',
  'personal management': 'productivity',
  photography: 'media',
  'project management': 'productivity',
  security: 'security',
  social: 'communication',
  'social network': 'communication',
  tools: 'development',
  utilities: 'other',
  vpn: 'networking',
  web: 'web',
};

export function casaOsCategory(category: unknown): TemplateCategory {
  const word = scalarText(category).trim().toLowerCase();
  return Object.hasOwn(CATEGORIES, word) ? (CATEGORIES[word] ?? 'other') : categoryFrom([word]);
}

/** CasaOS's wide shelves: "Developer" holds PostgreSQL and Grafana, "Productivity" Vaultwarden and Nextcloud. */
const WIDE: readonly TemplateCategory[] = ['development', 'productivity', 'other'];

/** CasaOS's category, unless it is a wide shelf and the app's images say more precisely what it is. */
export function casaOsCategoryOf(app: Dict, compose: unknown, log: ImportLog): TemplateCategory {
  const category = casaOsCategory(app.category);
  const fromImages = WIDE.includes(category) ? categoryFromImages(imageRefsOf(compose)) : 'other';
  if (fromImages === 'other' || fromImages === category) return category;
  log.changed(
    'x-casaos.category',
    `CasaOS files it under "${scalarText(app.category)}"; its images say ${fromImages}, so it is filed there (change it in the editor).`,
  );
  return fromImages;
}

/** The tagline, then the description: the card shows the first line. */
export function casaOsDescription(app: Dict): string {
  const tagline = localized(app.tagline);
  const description = localized(app.description);
  if (tagline === '' || description.startsWith(tagline)) return description || tagline;
  return description === '' ? tagline : `${tagline}\n\n${description}`;
}

/** A port as written, with `${VAR:-default}` read as its default. */
const literalPort = (value: unknown): string => {
  const text = scalarText(value).trim();
  if (!hasDollar(text)) return text;
  const parsed = parseInterpolation(text);
  const filled = parsed.ok ? substituteParts(parsed.value, () => undefined) : null;
  return filled?.ok ? filled.value : text;
};

interface PortEntry {
  service: string;
  target: number;
  published: string;
}

function portsOf(name: string, service: unknown): PortEntry[] {
  if (!isDict(service) || !Array.isArray(service.ports)) return [];
  return service.ports.flatMap((port: unknown) => {
    const parts = isDict(port) ? [] : literalPort(port).split(':');
    const target = Number(isDict(port) ? literalPort(port.target) : parts.pop()?.split('/')[0]);
    const published = isDict(port) ? literalPort(port.published) : (parts.pop() ?? '');
    return Number.isInteger(target) && target >= 1 && target <= 65535
      ? [{ service: name, target, published }]
      : [];
  });
}

/**
 * A main service on the node's network serves its web UI on port_map itself; the port is added
 * under expose, which Docker ignores there, so "Open app" and the manifest check know it.
 */
function onHostNetwork(doc: Dict, main: string, portMap: string, log: ImportLog): number | null {
  const service = isDict(doc.services) ? doc.services[main] : undefined;
  const port = Number(portMap);
  if (
    !isDict(service) ||
    service.network_mode !== 'host' ||
    !Number.isInteger(port) ||
    port < 1 ||
    port > 65535
  )
    return null;
  const exposed: unknown[] = Array.isArray(service.expose) ? service.expose : [];
  if (!exposed.map(scalarText).includes(portMap)) service.expose = [...exposed, portMap];
  log.changed(
    'x-casaos.port_map',
    `${main} uses the node's network, so its web UI is port ${portMap} itself; it is listed under expose for "Open app".`,
  );
  return port;
}

/**
 * `port_map` is the host port of CasaOS's web UI: the primary is the container port published
 * there, on the main service first; a main service on the node's network serves on port_map
 * itself; otherwise the main service's first port.
 */
export function casaOsPrimary(doc: Dict, app: Dict, log: ImportLog): TemplateManifestInput['primary'] {
  const services = isDict(doc.services) ? Object.entries(doc.services) : [];
  const main = typeof app.main === 'string' ? app.main : '';
  const ordered = [...services.filter(([n]) => n === main), ...services.filter(([n]) => n !== main)];
  const ports = ordered.flatMap(([name, service]) => portsOf(name, service));
  const portMap = literalPort(app.port_map);
  const scheme = app.scheme === 'https' ? 'https' : 'http';
  const mapped = portMap === '' ? undefined : ports.find((p) => p.published === portMap);
  if (mapped) {
    log.taken(
      'x-casaos.port_map',
      `The web UI is ${mapped.service}'s port ${mapped.target} (published on ${portMap}).`,
    );
    return { service: mapped.service, port: mapped.target, scheme };
  }
  const onHost = onHostNetwork(doc, main, portMap, log);
  if (onHost !== null) return { service: main, port: onHost, scheme };
  const first = ports.find((p) => p.service === main);
  if (portMap !== '')
    log.changed(
      'x-casaos.port_map',
      first
        ? `No service publishes port ${portMap}; "Open app" uses ${first.service}'s port ${first.target}.`
        : `No service publishes port ${portMap}; "Open app" uses the first published port.`,
    );
  return first ? { service: first.service, port: first.target, scheme } : undefined;
}

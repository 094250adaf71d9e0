import type { TemplateCategory, TemplateManifestInput } from '@shared/contract/template-model';
import { entries, isDict, parseBytes, parseCpus, scalarText } from './compose-values';

export function slugify(text: string, fallback = 'imported-app'): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

export function displayName(text: string, fallback = 'Imported app'): string {
  const name = text
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, 80);
  return name.length >= 2 ? name : fallback;
}

const CATEGORY_WORDS: [RegExp, TemplateCategory][] = [
  [/database|sql|mongo|redis|cache/i, 'database'],
  [/monitor|uptime|metric|observab|log/i, 'monitoring'],
  [/analytic|stat/i, 'analytics'],
  [/automat|workflow|home ?assistant|iot/i, 'automation'],
  [/develop|git|code|ci|devops|tool/i, 'development'],
  [/media|video|music|photo|stream|download/i, 'media'],
  [/chat|messag|mail|social|communicat/i, 'communication'],
  [/file|storage|backup|cloud|sync|drive/i, 'storage'],
  [/network|vpn|dns|proxy/i, 'networking'],
  [/secur|password|auth/i, 'security'],
  [/document|note|wiki|office|productiv|finance/i, 'productivity'],
  [/web|cms|blog|site|http/i, 'web'],
];

export function categoryFrom(words: readonly string[]): TemplateCategory {
  for (const word of words) {
    const match = CATEGORY_WORDS.find(([pattern]) => pattern.test(word));
    if (match) return match[1];
  }
  return 'other';
}

const CATEGORY_ICONS: Record<TemplateCategory, string> = {
  web: '🌐',
  development: '🛠️',
  monitoring: '📈',
  automation: '⚙️',
  analytics: '📊',
  database: '🗄️',
  communication: '💬',
  media: '🎬',
  productivity: '📝',
  security: '🔒',
  storage: '💾',
  networking: '🔌',
  other: '📦',
};

export const iconFor = (category: TemplateCategory): string => CATEGORY_ICONS[category];

export function tagsFrom(words: readonly string[]): string[] {
  const tags = words
    .map((w) => slugify(w, '').slice(0, 32))
    .filter((t) => /^[a-z0-9][a-z0-9+.-]{0,31}$/.test(t));
  return [...new Set(tags)].slice(0, 20);
}

const TCP_PORTS = new Set([22, 1433, 3306, 5432, 6379, 9000, 11211, 27017]);
const MB = 1024 * 1024;

/** The service and port "Open app" most likely means: the first published port, else the first exposed one. */
export function guessPrimary(compose: unknown): TemplateManifestInput['primary'] {
  const services = entries(isDict(compose) ? compose.services : undefined);
  for (const key of ['ports', 'expose'] as const) {
    for (const [name, service] of services) {
      const first: unknown =
        isDict(service) && Array.isArray(service[key]) ? (service[key] as unknown[])[0] : undefined;
      const text = scalarText(isDict(first) ? first.target : first);
      const port = Number(/(\d+)(?:\/\w+)?$/.exec(text.split('-').pop() ?? '')?.[1]);
      if (Number.isInteger(port) && port >= 1 && port <= 65535)
        return { service: name, port, scheme: TCP_PORTS.has(port) ? 'tcp' : 'http' };
    }
  }
  return undefined;
}

/** What the services ask for (their limits), or a modest default per service; 1 GiB of disk per volume. */
export function estimateResources(compose: unknown): TemplateManifestInput['resources'] {
  const doc = isDict(compose) ? compose : {};
  let cpu = 0;
  let memory = 0;
  for (const [, service] of entries(doc.services)) {
    const s = isDict(service) ? service : {};
    const limits =
      isDict(s.deploy) && isDict(s.deploy.resources) && isDict(s.deploy.resources.limits)
        ? s.deploy.resources.limits
        : {};
    cpu += parseCpus(limits.cpus ?? s.cpus) ?? 0.5;
    memory += (parseBytes(limits.memory ?? s.mem_limit) ?? 256 * MB) / MB;
  }
  const volumes = entries(doc.volumes).length;
  return {
    cpu_cores: Math.max(0.1, Math.round(cpu * 100) / 100),
    memory_mb: Math.max(64, Math.ceil(memory)),
    disk_mb: 512 + volumes * 1024,
  };
}

/** `ghcr.io/foo/bar:1.2@sha256:…` → `bar`: the image's last path part, without tag or digest. */
export function imageBaseName(image: string): string {
  const path = image.split('@')[0] ?? '';
  return (path.split('/').pop() ?? '').split(':')[0] ?? '';
}

/** The images of the services, the main one (the service "Open app" leads to, else the first) first. */
export function imagesOf(compose: unknown): string[] {
  const services = entries(isDict(compose) ? compose.services : undefined);
  const main = guessPrimary(compose)?.service;
  const ordered = [
    ...services.filter(([name]) => name === main),
    ...services.filter(([name]) => name !== main),
  ];
  return ordered.flatMap(([, service]) =>
    isDict(service) && typeof service.image === 'string' && /^[\w.-]+$/.test(imageBaseName(service.image))
      ? [imageBaseName(service.image)]
      : [],
  );
}

const IMAGE_CATEGORIES: [RegExp, TemplateCategory][] = [
  [/nextcloud|owncloud|seafile|syncthing|minio|filebrowser|duplicati|restic|kopia/, 'storage'],
  [
    /paperless|bookstack|wiki|outline|joplin|hedgedoc|onlyoffice|collabora|vikunja|firefly|trilium|docmost|memos/,
    'productivity',
  ],
  [
    /grafana|prometheus|alertmanager|exporter|cadvisor|loki|uptime-kuma|netdata|zabbix|jaeger|gatus/,
    'monitoring',
  ],
  [/plausible|matomo|umami|metabase|superset|redash|posthog/, 'analytics'],
  [
    /jellyfin|plex|emby|navidrome|photoprism|immich|sonarr|radarr|lidarr|transmission|qbittorrent|audiobookshelf/,
    'media',
  ],
  [/rocket\.?chat|mattermost|synapse|element|mailu|mailserver|zulip|ntfy|gotify/, 'communication'],
  [/gitea|gitlab|forgejo|jenkins|drone|woodpecker|sonarqube|code-server|registry/, 'development'],
  [/home-?assistant|node-red|n8n|mosquitto|zigbee2mqtt|huginn/, 'automation'],
  [/vaultwarden|bitwarden|keycloak|authelia|authentik|crowdsec/, 'security'],
  [/traefik|proxy-manager|pihole|adguard|wireguard|wg-easy|haproxy|cloudflared|headscale/, 'networking'],
  [
    /^(postgres|postgis|mysql|mariadb|mongo|redis|valkey|memcached|couchdb|influxdb|cassandra|clickhouse|cockroach|neo4j|timescaledb|adminer|pgadmin|phpmyadmin)/,
    'database',
  ],
  [/wordpress|ghost|drupal|joomla|^nginx|^httpd|^caddy|^php/, 'web'],
];

/**
 * The category the images suggest: the main image decides when it is known (a WordPress with its
 * MariaDB is a web app), else the first other image that is.
 */
export function categoryFromImages(images: readonly string[]): TemplateCategory {
  for (const image of images) {
    const match = IMAGE_CATEGORIES.find(([pattern]) => pattern.test(image.toLowerCase()));
    if (match) return match[1];
  }
  return 'other';
}

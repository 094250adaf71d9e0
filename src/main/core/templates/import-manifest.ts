import type { TemplateCategory, TemplateManifestInput } from '@shared/contract/template-model';
import { entries, isDict, parseBytes, parseCpus, scalarText, type Dict } from './compose-values';

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

/** Short words only as whole words: "ci" is not in "social", "log" not in "blog", "git" not in "digital". */
const CATEGORY_WORDS: [RegExp, TemplateCategory][] = [
  [/database|sql|mongo|redis|cache/i, 'database'],
  [/monitor|uptime|metric|observab|\blog(?:s|ging)?\b/i, 'monitoring'],
  [/analytic|\bstat(?:s|istics?)?\b/i, 'analytics'],
  [/automat|workflow|home ?assistant|\biot\b|smart ?home/i, 'automation'],
  [/develop|\bgit\b|code|\bci\b|devops|tool/i, 'development'],
  [/media|video|music|photo|stream|download/i, 'media'],
  [/chat|messag|mail|social|communicat/i, 'communication'],
  [/file|storage|backup|cloud|sync|drive/i, 'storage'],
  [/network|vpn|dns|proxy/i, 'networking'],
  [/secur|password|\bauth(?:entication|orization)?\b/i, 'security'],
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

const resourcesOf = (service: Dict, key: 'limits' | 'reservations'): Dict => {
  const resources = isDict(service.deploy) ? service.deploy.resources : undefined;
  return isDict(resources) && isDict(resources[key]) ? resources[key] : {};
};

/**
 * What the services ask for (their limits), or a modest default per service, and never less memory
 * than a service reserves: the app's memory is each service's limit when it sets none, and Docker
 * refuses a limit below the reservation. 1 GiB of disk per volume.
 */
export function estimateResources(compose: unknown): TemplateManifestInput['resources'] {
  const doc = isDict(compose) ? compose : {};
  let cpu = 0;
  let memory = 0;
  for (const [, service] of entries(doc.services)) {
    const s = isDict(service) ? service : {};
    const limits = resourcesOf(s, 'limits');
    const reserved = parseBytes(resourcesOf(s, 'reservations').memory ?? s.mem_reservation) ?? 0;
    cpu += parseCpus(limits.cpus ?? s.cpus) ?? 0.5;
    memory += Math.max(parseBytes(limits.memory ?? s.mem_limit) ?? 256 * MB, reserved) / MB;
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

/** The image references of the services, the main one (the service "Open app" leads to, else the first) first. */
export function imageRefsOf(compose: unknown): string[] {
  const services = entries(isDict(compose) ? compose.services : undefined);
  const main = guessPrimary(compose)?.service;
  const ordered = [
    ...services.filter(([name]) => name === main),
    ...services.filter(([name]) => name !== main),
  ];
  return ordered.flatMap(([, service]) =>
    isDict(service) && typeof service.image === 'string' && /^[\w.-]+$/.test(imageBaseName(service.image))
      ? [service.image]
      : [],
  );
}

/** The images' names (`bar` of `ghcr.io/foo/bar:1`), the main one first. */
export const imagesOf = (compose: unknown): string[] => imageRefsOf(compose).map(imageBaseName);

const IMAGE_CATEGORIES: [RegExp, TemplateCategory][] = [
  [/nextcloud|owncloud|seafile|syncthing|minio|filebrowser|duplicati|restic|kopia|resilio/, 'storage'],
  [
    /paperless|bookstack|wiki|outline|joplin|hedgedoc|onlyoffice|collabora|vikunja|firefly|trilium|docmost|memos|wallabag|linkwarden|karakeep|freshrss/,
    'productivity',
  ],
  [
    /grafana|prometheus|alertmanager|exporter|cadvisor|loki|uptime-kuma|netdata|zabbix|jaeger|gatus|glances/,
    'monitoring',
  ],
  [/plausible|matomo|umami|metabase|superset|redash|posthog/, 'analytics'],
  [
    /jellyfin|plex|emby|navidrome|photoprism|immich|sonarr|radarr|lidarr|readarr|prowlarr|bazarr|jellyseerr|overseerr|transmission|qbittorrent|audiobookshelf|kavita|komga/,
    'media',
  ],
  [/rocket\.?chat|mattermost|synapse|element|mailu|mailserver|zulip|ntfy|gotify/, 'communication'],
  [/gitea|gitlab|forgejo|jenkins|drone|woodpecker|sonarqube|code-server|registry|portainer/, 'development'],
  [/home-?assistant|node-red|n8n|mosquitto|zigbee2mqtt|huginn|esphome|homebridge|openhab/, 'automation'],
  [/vaultwarden|bitwarden|keycloak|authelia|authentik|crowdsec/, 'security'],
  [
    /traefik|proxy-manager|pihole|adguard|wireguard|wg-easy|haproxy|cloudflared|headscale|tailscale|netbird|zerotier/,
    'networking',
  ],
  [
    /^(postgres|postgis|mysql|mariadb|mongo|redis|valkey|memcached|couchdb|influxdb|cassandra|clickhouse|cockroach|neo4j|timescaledb|adminer|pgadmin|phpmyadmin|cloudbeaver|mongo-express|pgvector)/,
    'database',
  ],
  [/wordpress|ghost|drupal|joomla|^nginx|^httpd|^caddy|^php/, 'web'],
];

/** Images an app runs beside it (its database, cache, search engine, object store, front proxy). */
const BACKING =
  /^(?:postgres|postgis|pgvector|paradedb|timescaledb|mysql|mariadb|mongo|redis|valkey|keydb|memcached|meilisearch|elasticsearch|opensearch|typesense|qdrant|weaviate|milvus|minio|nginx|httpd|caddy|squid|haproxy|traefik|rabbitmq|nats|kafka|zookeeper|etcd|clickhouse|influxdb|neo4j|cassandra|couchdb)/;
/** Image names that say nothing (`vaultwarden/server`): there the owner names the app. */
const GENERIC = new Set(['server', 'app', 'api', 'web', 'core', 'backend', 'frontend', 'hub', 'agent']);

const categoryOfImage = (image: string): TemplateCategory => {
  const base = imageBaseName(image).toLowerCase();
  const path = (image.split('@')[0] ?? '').split(':')[0]?.split('/') ?? [];
  const owner = GENERIC.has(base) && path.length >= 2 ? (path[path.length - 2] ?? '').toLowerCase() : '';
  const match = IMAGE_CATEGORIES.find(
    ([pattern]) => pattern.test(base) || (owner !== '' && pattern.test(owner)),
  );
  return match?.[1] ?? 'other';
};

/**
 * The category the images suggest: the first known app image decides, main image first (a
 * WordPress with its MariaDB is a web app). The images an app runs beside it decide only when the
 * stack is nothing else (a PostgreSQL alone is a database; an unknown app with one is not).
 */
export function categoryFromImages(images: readonly string[]): TemplateCategory {
  const known = images.map((image) => ({
    backing: BACKING.test(imageBaseName(image).toLowerCase()),
    category: categoryOfImage(image),
  }));
  const app = known.find((k) => !k.backing && k.category !== 'other');
  if (app !== undefined) return app.category;
  const alone = known.every((k) => k.backing);
  return (alone ? known.find((k) => k.category !== 'other')?.category : undefined) ?? 'other';
}

import { createHash } from 'node:crypto';

/** One name the proxy serves, and where on the node its app listens. */
export interface Route {
  hostname: string;
  /** `host:port` as the proxy (on the node's network) dials it. */
  upstream: string;
  /** HTTP basic auth in front of the app: the user and the password's bcrypt hash. */
  basicAuth?: { username: string; hash: string } | null;
}

const authHandler = (auth: { username: string; hash: string }) => ({
  handler: 'authentication',
  providers: {
    http_basic: {
      hash: { algorithm: 'bcrypt' },
      // Base64 of the hash: what every Caddy 2 release reads.
      accounts: [{ username: auth.username, password: Buffer.from(auth.hash).toString('base64') }],
      realm: 'restricted',
    },
  },
});

export interface ProxySettings {
  acmeDirectory: string;
  acmeEmail: string;
  /** Where the proxy finds the PEM of the ACME directory's private CA, when there is one. */
  trustedRootFile: string | null;
  /** Empty: every address of the node. */
  listenAddress: string;
}

/** Inside the proxy's container only: the admin API is reached with `docker exec`, never over a network. */
export const ADMIN_ADDRESS = 'unix//tmp/hoster-proxy-admin.sock';
export const CONFIG_PATH = '/etc/hoster/caddy.json';
export const TRUSTED_ROOT_PATH = '/etc/hoster/acme-root.pem';
export const NOT_ROUTED = 'No app is routed at this name on this server.\n';

const hostPort = (address: string, port: number) =>
  address === '' ? `:${String(port)}` : address.includes(':') ? `[${address}]:${String(port)}` : `${address}:${String(port)}`;

/**
 * Caddy's JSON config for a node's routes: one HTTPS server with a route per name (WebSockets and
 * uploads pass through reverse_proxy as they are) and a 404 for any other, an HTTP server on the same address that Caddy
 * fills with redirects to HTTPS and its ACME HTTP-01 answers, and one ACME issuer for every name.
 * Routes are sorted, so the same routes always give the same text (and hash).
 */
export function caddyConfig(routes: readonly Route[], settings: ProxySettings): object {
  const sorted = [...routes].sort((a, b) => a.hostname.localeCompare(b.hostname));
  const issuer = {
    module: 'acme',
    ca: settings.acmeDirectory,
    ...(settings.acmeEmail ? { email: settings.acmeEmail } : {}),
    ...(settings.trustedRootFile ? { trusted_roots_pem_files: [settings.trustedRootFile] } : {}),
  };
  return {
    admin: { listen: ADMIN_ADDRESS },
    storage: { module: 'file_system', root: '/data/caddy' },
    apps: {
      http: {
        http_port: 80,
        https_port: 443,
        servers: {
          https: {
            listen: [hostPort(settings.listenAddress, 443)],
            routes: [
              ...sorted.map((route) => ({
                match: [{ host: [route.hostname] }],
                handle: [
                  ...(route.basicAuth ? [authHandler(route.basicAuth)] : []),
                  { handler: 'reverse_proxy', upstreams: [{ dial: route.upstream }] },
                ],
                terminal: true,
              })),
              // A name no longer routed is answered, never passed on.
              { handle: [{ handler: 'static_response', status_code: 404, body: NOT_ROUTED }] },
            ],
          },
          http: { listen: [hostPort(settings.listenAddress, 80)], routes: [] },
        },
      },
      tls: { automation: { policies: [{ issuers: [issuer] }] } },
    },
  };
}

/** The config as written to the proxy, and its hash: an unchanged hash means nothing to reload. */
export function renderConfig(routes: readonly Route[], settings: ProxySettings): { text: string; hash: string } {
  const text = `${JSON.stringify(caddyConfig(routes, settings), null, 2)}\n`;
  return { text, hash: createHash('sha256').update(text).digest('hex') };
}

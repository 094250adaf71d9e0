import { describe, expect, it } from 'vitest';
import { caddyConfig, renderConfig, type ProxySettings } from './caddy-config';

const settings: ProxySettings = {
  acmeDirectory: 'https://acme.test/dir',
  acmeEmail: '',
  trustedRootFile: null,
  listenAddress: '',
};

describe('caddyConfig', () => {
  it('routes each name to its upstream over HTTPS, with an HTTP server for redirects and challenges', () => {
    const config = caddyConfig(
      [
        { hostname: 'wiki.example.com', upstream: '127.0.0.1:20001' },
        { hostname: 'cloud.example.com', upstream: '127.0.0.1:20000' },
      ],
      settings,
    );
    expect(config).toMatchObject({
      admin: { listen: 'unix//tmp/hoster-proxy-admin.sock' },
      apps: {
        http: {
          servers: {
            https: {
              listen: [':443'],
              routes: [
                { match: [{ host: ['cloud.example.com'] }], handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: '127.0.0.1:20000' }] }] },
                { match: [{ host: ['wiki.example.com'] }], handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: '127.0.0.1:20001' }] }] },
                { handle: [{ handler: 'static_response', status_code: 404 }] },
              ],
            },
            http: { listen: [':80'], routes: [] },
          },
        },
        tls: { automation: { policies: [{ issuers: [{ module: 'acme', ca: 'https://acme.test/dir' }] }] } },
      },
    });
  });

  it('listens on one address when told, and trusts a private CA for the ACME directory', () => {
    const config = caddyConfig([], {
      ...settings,
      listenAddress: '127.0.0.2',
      acmeEmail: 'ops@example.com',
      trustedRootFile: '/etc/hoster/acme-root.pem',
    }) as { apps: { http: { servers: Record<string, { listen: string[] }> }; tls: unknown } };
    expect(config.apps.http.servers.https?.listen).toEqual(['127.0.0.2:443']);
    expect(config.apps.http.servers.http?.listen).toEqual(['127.0.0.2:80']);
    expect(config.apps.tls).toEqual({
      automation: {
        policies: [
          {
            issuers: [
              {
                module: 'acme',
                ca: 'https://acme.test/dir',
                email: 'ops@example.com',
                trusted_roots_pem_files: ['/etc/hoster/acme-root.pem'],
              },
            ],
          },
        ],
      },
    });
    expect((caddyConfig([], { ...settings, listenAddress: '2001:db8::1' }) as typeof config).apps.http.servers.https?.listen).toEqual([
      '[2001:db8::1]:443',
    ]);
  });
});

describe('renderConfig', () => {
  it('gives the same hash for the same routes in any order, and another for another route', () => {
    const a = { hostname: 'a.example.com', upstream: '127.0.0.1:1' };
    const b = { hostname: 'b.example.com', upstream: '127.0.0.1:2' };
    expect(renderConfig([a, b], settings).hash).toBe(renderConfig([b, a], settings).hash);
    expect(renderConfig([a], settings).hash).not.toBe(renderConfig([a, b], settings).hash);
  });
});

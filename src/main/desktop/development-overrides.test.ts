import { describe, expect, it } from 'vitest';
import { developmentOverrides } from './development-overrides';

const env = {
  ELECTRON_RENDERER_URL: 'http://localhost:5173/',
  HOSTER_STRIPE_API_BASE: 'http://127.0.0.1:4010',
  HOSTER_LOCAL_DOCKER_SOCKET: '/tmp/rig/docker.sock',
  HOSTER_SQLITE_BINDING: '/tmp/electron-native/better_sqlite3.node',
  HOSTER_DIGITALOCEAN_API: 'http://127.0.0.1:4020',
  HOSTER_HETZNER_API: 'http://127.0.0.1:4030',
};

describe('developmentOverrides', () => {
  it('honours every override when running from source', () => {
    expect(developmentOverrides(env, false)).toEqual({
      rendererUrl: 'http://localhost:5173/',
      stripeApiBase: 'http://127.0.0.1:4010',
      cloudApiBases: { digitalocean: 'http://127.0.0.1:4020', hetzner: 'http://127.0.0.1:4030' },
      localDockerSocket: '/tmp/rig/docker.sock',
      sqliteBinding: '/tmp/electron-native/better_sqlite3.node',
    });
  });

  it('ignores every override in a packaged app', () => {
    const overrides = developmentOverrides(env, true);
    expect(Object.values(overrides).filter((value) => value !== undefined)).toEqual([]);
  });

  it('treats an empty variable as unset', () => {
    expect(developmentOverrides({ ELECTRON_RENDERER_URL: '', HOSTER_STRIPE_API_BASE: '' }, false)).toEqual({
      rendererUrl: undefined,
      stripeApiBase: undefined,
      cloudApiBases: { digitalocean: undefined, hetzner: undefined },
      localDockerSocket: undefined,
      sqliteBinding: undefined,
    });
  });
});

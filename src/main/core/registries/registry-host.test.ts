import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { authAddressOf, normalizeRegistryHost, registryOfImage } from './registry-host';

describe('registryOfImage', () => {
  it.each([
    ['nginx', 'docker.io'],
    ['nginx:1.27', 'docker.io'],
    ['library/nginx@sha256:abc', 'docker.io'],
    ['bitnami/postgresql:16', 'docker.io'],
    ['docker.io/library/nginx', 'docker.io'],
    ['index.docker.io/me/app', 'docker.io'],
    ['ghcr.io/org/app:1', 'ghcr.io'],
    ['registry.example.com:5000/team/app:2', 'registry.example.com:5000'],
    ['127.0.0.1:5057/hoster/private:1', '127.0.0.1:5057'],
    ['localhost/app', 'localhost'],
    ['MyRegistry/app', 'myregistry'],
  ])('%s comes from %s', (image, host) => {
    expect(registryOfImage(image)).toBe(host);
  });
});

describe('normalizeRegistryHost', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['  https://GHCR.io/  ', 'ghcr.io'],
    ['http://registry.example.com:5000/v2/', 'registry.example.com:5000'],
    ['hub.docker.com', 'docker.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['localhost:5000', 'localhost:5000'],
  ])('%s → %s', (input, host) => {
    expect(normalizeRegistryHost(input)).toBe(host);
  });

  it.each(['', 'not a host', 'ghcr.io:99999', 'exa_mple.com', '-bad.com', ':5000'])('refuses %j, naming the field', (input) => {
    let thrown: unknown;
    try {
      normalizeRegistryHost(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'invalid_input', field: 'host' });
  });
});

describe('authAddressOf', () => {
  it("gives Docker Hub's login address and any other registry's host", () => {
    expect(authAddressOf('docker.io')).toBe('https://index.docker.io/v1/');
    expect(authAddressOf('ghcr.io')).toBe('ghcr.io');
  });
});

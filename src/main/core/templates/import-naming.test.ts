import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';
import { categoryFrom, categoryFromImages, imageBaseName } from './import-manifest';

const manifestOf = (text: string, fileName?: string) =>
  importCompose(text, fileName === undefined ? {} : { fileName }).templates[0]?.template.manifest;

const stack = (...images: string[]) =>
  `services:\n${images.map((image, i) => `  s${i}:\n    image: ${image}\n${i === 0 ? '    ports: ["8080:80"]\n' : ''}`).join('')}`;

describe('compose import names', () => {
  it('takes the compose file’s own name first', () => {
    expect(
      manifestOf(
        `name: family-photos\n${stack('ghcr.io/immich-app/immich-server:v1')}`,
        'docker-compose.yml',
      ),
    ).toMatchObject({
      name: 'family-photos',
      slug: 'family-photos',
    });
  });

  it('takes the folder of a generically named compose file', () => {
    expect(manifestOf(stack('nextcloud:29'), '/home/me/apps/nextcloud/docker-compose.yml')?.name).toBe(
      'nextcloud',
    );
    expect(manifestOf(stack('nextcloud:29'), 'C:\\apps\\my-cloud\\compose.yaml')?.name).toBe('my-cloud');
  });

  it('falls back to the main image, not "Imported app"', () => {
    expect(manifestOf(stack('ghcr.io/foo/bar:1'))?.name).toBe('bar');
    expect(manifestOf(stack('redis:7', 'ghcr.io/foo/bar:1'), 'compose.yaml')?.name).toBe('redis');
    expect(
      manifestOf(
        'services:\n  db:\n    image: postgres:16\n  app:\n    image: ghcr.io/acme/shop:2\n    ports: ["3000"]\n',
      )?.name,
    ).toBe('shop');
  });

  it('strips registry, path, tag and digest from an image', () => {
    expect(imageBaseName('ghcr.io/foo/bar:1')).toBe('bar');
    expect(imageBaseName('localhost:5000/team/app@sha256:abcd')).toBe('app');
    expect(imageBaseName('postgres')).toBe('postgres');
    expect(imageBaseName('ghcr.io/acme/app:${TAG:-latest}')).toBe('app');
  });

  it('skips an image whose name is a variable', () => {
    expect(manifestOf(stack('${REGISTRY}/${APP_IMAGE}:1', 'redis:7'))?.name).toBe('redis');
  });
});

describe('compose import categories', () => {
  it.each([
    [['postgres:16'], 'database'],
    [['mariadb:11', 'mysql:8'], 'database'],
    [['mongo:7'], 'database'],
    [['redis:7-alpine'], 'database'],
    [['grafana/grafana:11'], 'monitoring'],
    [['prom/prometheus'], 'monitoring'],
    [['nextcloud:29', 'mariadb:11'], 'storage'],
    [['wordpress:6', 'mysql:8'], 'web'],
    [['unknown/thing', 'postgres:16'], 'other'],
    [['unknown/thing'], 'other'],
    [['blinko/blinko:1', 'postgres:14'], 'other'],
    [['langgenius/dify-web:1', 'nginx:latest', 'postgres:15', 'redis:6'], 'other'],
    [['postgres:16', 'dpage/pgadmin4'], 'database'],
    [['vaultwarden/server:1.32'], 'security'],
  ])('guesses %j → %s', (images, category) => {
    expect(manifestOf(stack(...images))?.category).toBe(category);
  });

  it('matches image names, not registries or owners', () => {
    expect(categoryFromImages(['grafana'])).toBe('monitoring');
    expect(categoryFromImages(['mysite'])).toBe('other');
    expect(categoryFromImages(['registry.gitlab.com/acme/shop:1'])).toBe('other');
    expect(categoryFromImages(['grafana/unknown-tool:1'])).toBe('other');
  });

  it("reads the owner only when the image's own name says nothing (vaultwarden/server)", () => {
    expect(categoryFromImages(['vaultwarden/server:1.32'])).toBe('security');
    expect(categoryFromImages(['fireflyiii/core:latest'])).toBe('productivity');
    expect(categoryFromImages(['acme/server:1'])).toBe('other');
  });

  it('reads short words only as whole words', () => {
    expect(categoryFrom(['Social'])).toBe('communication');
    expect(categoryFrom(['Blog'])).toBe('web');
    expect(categoryFrom(['Digital signage'])).toBe('other');
    expect(categoryFrom(['CI'])).toBe('development');
  });

  it('gives the category its icon', () => {
    expect(manifestOf(stack('postgres:16'))?.icon).toBe('🗄️');
  });
});

describe('compose import resources', () => {
  it('never gives a service a memory limit below what it reserves (CasaOS reserves, and sets no limit)', () => {
    const compose = [
      'services:',
      '  db:',
      '    image: postgres:17',
      '    deploy:',
      '      resources:',
      '        reservations:',
      '          memory: "2048M"',
      '  web:',
      '    image: example/web:1',
      '    mem_limit: 512m',
      '',
    ].join('\n');
    expect(manifestOf(compose)?.resources).toMatchObject({ memory_mb: 2048 + 512 });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';

/** Samples from github.com/docker/awesome-compose (and Docker's secrets guide), as their authors wrote them. */
const importSample = (file: string, folder: string) => {
  const text = readFileSync(join(__dirname, 'fixtures', file), 'utf8');
  const report = importCompose(text, { fileName: `${folder}/compose.yaml` });
  const imported = report.templates[0];
  const services = imported?.report.compose?.services ?? [];
  return {
    report,
    manifest: imported?.template.manifest,
    errors: imported?.report.errors ?? ['not imported'],
    shape: Object.fromEntries(
      services.map((s) => [
        s.name,
        {
          image: s.image,
          ports: s.ports.map((p) => p.target),
          volumes: s.mounts.map((m) => `${m.type === 'volume' ? m.source : m.type}:${m.target}`),
        },
      ]),
    ),
  };
};

describe('awesome-compose samples import as their authors meant', () => {
  it('wordpress-mysql: WordPress on MariaDB, each with its volume, filed under web', () => {
    const sample = importSample('awesome-compose-wordpress-mysql.yaml', 'wordpress-mysql');
    expect(sample.errors).toEqual([]);
    expect(sample.shape).toEqual({
      db: { image: 'mariadb:10.6.4-focal', ports: [], volumes: ['db_data:/var/lib/mysql'] },
      wordpress: { image: 'wordpress:latest', ports: [80], volumes: ['wp_data:/var/www/html'] },
    });
    expect(sample.manifest).toMatchObject({
      name: 'wordpress-mysql',
      category: 'web',
      primary: { service: 'wordpress', port: 80 },
    });
  });

  it('nextcloud-redis-mariadb: three services on two networks, filed under storage', () => {
    const sample = importSample('awesome-compose-nextcloud-redis-mariadb.yaml', 'nextcloud-redis-mariadb');
    expect(sample.errors).toEqual([]);
    expect(sample.shape).toEqual({
      nc: { image: 'nextcloud:apache', ports: [80], volumes: ['nc_data:/var/www/html'] },
      redis: { image: 'redis:alpine', ports: [], volumes: [] },
      db: { image: 'mariadb:10.5', ports: [], volumes: ['db_data:/var/lib/mysql'] },
    });
    expect(sample.manifest?.category).toBe('storage');
  });

  it('gitea-postgres: Gitea and its database, the shared password generated once', () => {
    const sample = importSample('awesome-compose-gitea-postgres.yaml', 'gitea-postgres');
    expect(sample.errors).toEqual([]);
    expect(sample.shape).toMatchObject({
      gitea: { ports: [3000], volumes: ['git_data:/data'] },
      db: { ports: [], volumes: ['db_data:/var/lib/postgresql/data'] },
    });
    expect(sample.manifest).toMatchObject({ name: 'gitea-postgres', category: 'development' });
    expect(sample.manifest?.secrets.map((s) => s.name)).toEqual(['DB_PASSWD']);
  });

  it('postgresql-pgadmin: the database and its admin, filed under databases', () => {
    const sample = importSample('awesome-compose-postgresql-pgadmin.yaml', 'postgresql-pgadmin');
    expect(sample.errors).toEqual([]);
    expect(sample.shape).toEqual({
      postgres: { image: 'postgres:latest', ports: [5432], volumes: [] },
      pgadmin: { image: 'dpage/pgadmin4:latest', ports: [80], volumes: [] },
    });
    expect(sample.manifest).toMatchObject({ category: 'database', primary: { scheme: 'tcp' } });
  });

  it('prometheus-grafana: both services and their data, filed under monitoring', () => {
    const sample = importSample('awesome-compose-prometheus-grafana.yaml', 'prometheus-grafana');
    expect(sample.errors).toEqual([]);
    expect(sample.shape).toMatchObject({
      prometheus: { image: 'prom/prometheus', ports: [9090] },
      grafana: { image: 'grafana/grafana', ports: [3000] },
    });
    expect(sample.shape.prometheus?.volumes).toContain('prom_data:/prometheus');
    expect(sample.manifest?.category).toBe('monitoring');
  });
});

describe("Docker's compose secrets sample", () => {
  const sample = importSample('docker-docs-secrets.yaml', 'wordpress-secrets');

  it('imports with each secret generated once and written into every service that uses it', () => {
    expect(sample.errors).toEqual([]);
    expect(sample.manifest?.secrets.map((s) => s.name)).toEqual(['DB_ROOT_PASSWORD', 'DB_PASSWORD']);
    expect(sample.manifest?.config_files.map((f) => `${f.service} ${f.path} ${f.content}`)).toEqual([
      'db /run/secrets/db_root_password ${DB_ROOT_PASSWORD}',
      'db /run/secrets/db_password ${DB_PASSWORD}',
      'wordpress /run/secrets/db_password ${DB_PASSWORD}',
    ]);
    expect(sample.manifest).toMatchObject({ name: 'wordpress-secrets', category: 'web' });
  });
});

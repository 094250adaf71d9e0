import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportFile } from '@shared/contract/import-files';
import { importFolder } from './import-folder';

const ROOT = join(__dirname, 'folder-fixtures', 'awesome-compose');

/** Files a sample has that are larger than a config file: a picked folder sends them by name, without content. */
const LARGE_FILES: Record<string, string[]> = {
  'elasticsearch-logstash-kibana': ['logstash/nginx.log'],
};

function folderOf(sample: string): ImportFile[] {
  const dir = join(ROOT, sample);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path: `${sample}/${relative(dir, path)}`, content: readFileSync(path, 'utf8') };
    });
  return [
    ...files,
    ...(LARGE_FILES[sample] ?? []).map((path) => ({ path: `${sample}/${path}`, content: null })),
  ];
}

const samples = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const results = samples.map((sample) => {
  const report = importFolder({ files: folderOf(sample) });
  const imported = report.templates[0];
  const errors = [...report.errors, ...(imported?.report.errors ?? [])];
  return { sample, report, imported, errors, isValid: imported !== undefined && errors.length === 0 };
});

/** Errors that follow from a service built from source: it has no image, so what points at it points at nothing. */
const FROM_BUILD =
  /^(compose:no-image|compose:unsupported|manifest:config-service|manifest:primary-service)$/;
const isBuild = (r: (typeof results)[number]) =>
  r.report.items.some((i) => i.action === 'refused' && i.subject.endsWith('.build')) &&
  r.errors.every(
    (e) => FROM_BUILD.test(e.code) && (e.code !== 'compose:unsupported' || e.path.endsWith('.build')),
  );
const isTooLarge = (r: (typeof results)[number]) =>
  r.report.items.some((i) => i.action === 'refused' && i.reason.includes('larger than 64 KB'));

describe('awesome-compose samples imported as folders (20 of its 39, compose file plus the files they bind)', () => {
  const valid = results.filter((r) => r.isValid).map((r) => r.sample);
  const build = results.filter((r) => !r.isValid && isBuild(r)).map((r) => r.sample);
  const tooLarge = results.filter((r) => !r.isValid && isTooLarge(r)).map((r) => r.sample);

  it('imports 9 of the 12 samples that run published images as valid templates', () => {
    expect(valid).toEqual([
      'gitea-postgres',
      'minecraft',
      'nextcloud-postgres',
      'nextcloud-redis-mariadb',
      'portainer',
      'postgresql-pgadmin',
      'prometheus-grafana',
      'wireguard',
      'wordpress-mysql',
    ]);
  });

  it('handles at least 90 % of them: a valid template, or refused for a real limit that says what to do', () => {
    expect(build).toHaveLength(8);
    expect(tooLarge).toEqual(['elasticsearch-logstash-kibana']);
    expect((valid.length + build.length + tooLarge.length) / results.length).toBeGreaterThanOrEqual(0.9);
    for (const r of results.filter((x) => build.includes(x.sample)))
      for (const item of r.report.items.filter((i) => i.action === 'refused'))
        expect(item.reason).toContain('push the image to a registry and set image');
  });

  it('brings the bound Prometheus and Grafana configuration in as config files, as written', () => {
    const sample = results.find((r) => r.sample === 'prometheus-grafana');
    const read = (path: string) => readFileSync(join(ROOT, 'prometheus-grafana', path), 'utf8');
    expect(sample?.imported?.template.manifest.config_files).toEqual([
      {
        service: 'prometheus',
        path: '/etc/prometheus/prometheus.yml',
        content: read('prometheus/prometheus.yml').replaceAll('$', '$$$$'),
        mode: '0644',
      },
      {
        service: 'grafana',
        path: '/etc/grafana/provisioning/datasources/datasource.yml',
        content: read('grafana/datasource.yml').replaceAll('$', '$$$$'),
        mode: '0644',
      },
    ]);
  });
});

describe('awesome-compose samples refused for something else than building from source', () => {
  it('says what to do for the two left: a fixed container address, a host folder named by a variable', () => {
    const errorsOf = (name: string) =>
      results.find((r) => r.sample === name)?.errors.map((e) => e.message) ?? [];
    expect(results.filter((r) => !r.isValid && !isBuild(r) && !isTooLarge(r)).map((r) => r.sample)).toEqual([
      'pihole-cloudflared-DoH',
      'plex',
    ]);
    expect(errorsOf('pihole-cloudflared-DoH')).toEqual([
      expect.stringMatching(/^Fixed container addresses are not supported.*Reach the service by its name/),
      expect.stringMatching(/^A fixed subnet could collide.*remove ipam/),
    ]);
    expect(errorsOf('plex')).toEqual([
      expect.stringMatching(/Variables are not allowed here.*write the value itself/),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const compose = `services:
  web:
    image: a:1
    restart: always
  db:
    image: postgres:16.6-alpine
    restart: always
`;
/** The test manifest as YAML, ending on line 11, so the backups written after it start on line 12. */
const head = stringify(manifestFor());

const check = (backups: string, composeText = compose) =>
  validateTemplate({ manifest: `${head}backups:\n${backups}`, compose: composeText });

const issues = (report: { errors: { code: string; path: string; line?: number }[] }) =>
  report.errors.map((e) => `${e.code} ${e.path} line ${e.line ?? '?'}`);

describe('checkManifestAgainstCompose: the services backups run in', () => {
  it('accepts a dump and a restore command for a service of the compose file', () => {
    expect(head.split('\n')).toHaveLength(12);
    const report = check(`  - service: db
    dump: [sh, -c, 'pg_dumpall -U "$POSTGRES_USER" --clean --if-exists']
    restore: [sh, -c, 'psql -U "$POSTGRES_USER" -d postgres']
`);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('has no backup commands unless the manifest lists them', () => {
    const report = validateTemplate({ manifest: manifestFor(), compose });
    expect(report.errors).toEqual([]);
  });

  it('refuses a service that is not in the compose file, pointing at its name', () => {
    const report = check(`  - service: database
    dump: [pg_dumpall]
    restore: [psql]
`);
    expect(issues(report)).toEqual(['manifest:backup-service backups[0].service line 13']);
    expect(report.errors[0]?.message).toBe(
      'backups[0] runs in "database", which is not a service of the compose file.',
    );
  });

  it('refuses a service listed twice, at its second entry', () => {
    const report = check(`  - { service: db, dump: [pg_dumpall], restore: [psql] }
  - { service: web, dump: [cat, /data/file], restore: [tee, /data/file] }
  - { service: db, dump: [pg_dump], restore: [psql] }
`);
    expect(issues(report)).toEqual(['manifest:backup-duplicate backups[2].service line 15']);
    expect(report.errors[0]?.message).toBe('db has backup commands already; list each service once.');
  });

  it('reports an unknown service listed twice as unknown, once per entry', () => {
    const report = check(`  - { service: cache, dump: [redis-cli], restore: [redis-cli] }
  - { service: cache, dump: [redis-cli], restore: [redis-cli] }
`);
    expect(issues(report)).toEqual([
      'manifest:backup-service backups[0].service line 13',
      'manifest:backup-service backups[1].service line 14',
    ]);
  });
});

describe('checkManifestAgainstCompose: backup commands', () => {
  it('refuses a command whose first word, the program, is empty', () => {
    const report = check(`  - service: db
    dump: [" ", -c, pg_dumpall]
    restore: [""]
`);
    expect(issues(report)).toEqual([
      'manifest:backup-command backups[0].dump[0] line 14',
      'manifest:backup-command backups[0].restore[0] line 15',
    ]);
  });

  it('still finds a service listed twice when the compose file has no services to check against', () => {
    const report = check(
      `  - { service: db, dump: [pg_dumpall], restore: [psql] }
  - { service: db, dump: [pg_dumpall], restore: [psql] }
`,
      'services: {}\n',
    );
    expect(report.errors.map((e) => `${e.file} ${e.code} ${e.path}`)).toEqual([
      'compose compose:no-services services',
      'manifest manifest:backup-duplicate backups[1].service',
    ]);
  });

  it('refuses an empty command and keys the schema does not know, with their paths', () => {
    const report = check(`  - service: db
    dump: []
    restore: [psql]
    stop: true
`);
    expect(issues(report)).toEqual([
      'manifest:invalid backups[0].dump line 14',
      'manifest:invalid backups[0].stop line 16',
    ]);
  });
});

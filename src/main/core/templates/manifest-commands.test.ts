import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const compose = `services:
  web:
    image: a:1
    restart: always
`;
const head = stringify(manifestFor());
const check = (commands: string) => validateTemplate({ manifest: `${head}commands:\n${commands}`, compose });
const issues = (report: { errors: { code: string; path: string }[] }) => report.errors.map((e) => `${e.code} ${e.path}`);

describe('checkManifestAgainstCompose: maintenance commands', () => {
  it('accepts a named command for a service of the compose file', () => {
    const report = check(`  - { name: Run migrations, service: web, command: [php, artisan, migrate, --force] }\n`);
    expect(report.errors).toEqual([]);
  });

  it('refuses a service that is not in the compose file, a blank program and a name used twice', () => {
    const report = check(`  - { name: Migrate, service: app, command: [migrate] }
  - { name: Migrate, service: web, command: [" ", x] }
`);
    expect(issues(report)).toEqual([
      'manifest:command-service commands[0].service',
      'manifest:command-duplicate commands[1].name',
      'manifest:command-program commands[1].command[0]',
    ]);
    expect(report.errors[0]?.message).toBe('commands[0] runs in "app", which is not a service of the compose file.');
  });

  it('bounds names and commands by the schema', () => {
    const report = check(`  - { name: "${'x'.repeat(81)}", service: web, command: [] }\n`);
    expect(issues(report)).toEqual(['manifest:invalid commands[0].name', 'manifest:invalid commands[0].command']);
  });
});

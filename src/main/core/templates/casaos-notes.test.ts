import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointNotesAtSecrets } from './casaos-notes';
import { importCasaOsApp } from './import-casaos';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const pointer = (secret: string) =>
  `the generated ${secret} (shown under Credentials on the deployment page)`;

const app = (environment: string, tips: string) => `name: pihole
services:
  pihole:
    image: pihole/pihole:2024.07.0
    environment:
${environment}
x-casaos:
  main: pihole
  title:
    en_us: Pi-hole
  tips:
    before_install:
${tips}`;

describe('CasaOS notes that state a default password', () => {
  it('point a table of the default account at the generated secret and report it', () => {
    const report = importCasaOsApp(fixture('casaos-photoprism.yaml'));
    const notes = report.templates[0]?.template.manifest.notes ?? '';
    expect(notes).toContain(`| \`admin\`  | ${pointer('PHOTOPRISM_ADMIN_PASSWORD')} |`);
    expect(notes).not.toContain('casaos');
    expect(report.templates[0]?.template.manifest.secrets[0]).toEqual({
      name: 'PHOTOPRISM_ADMIN_PASSWORD',
      kind: 'password',
      length: 32,
      description: 'Initial admin password',
    });
    expect(report.items).toContainEqual({
      action: 'changed',
      subject: 'x-casaos.tips',
      reason:
        'The note\'s default password "casaos" now points at the generated secret PHOTOPRISM_ADMIN_PASSWORD: each deployment gets its own.',
    });
  });

  it('rewrite a list tip (content and value), keeping a user name with the same value', () => {
    const report = importCasaOsApp(
      app(
        '      WEBPASSWORD: admin\n      ADMIN_USER: admin',
        '      - content:\n          en_us: Username admin, password is\n        value: admin',
      ),
    );
    expect(report.templates[0]?.template.manifest.notes).toBe(
      `Username admin, password is: ${pointer('WEBPASSWORD')}`,
    );
  });

  it('follow a password written in a list-form environment, with the tip in en_US only', () => {
    const report = importCasaOsApp(
      app(
        '      - TZ=Etc/UTC\n      - WEBPASSWORD=s3cret!',
        '      en_US: "The password is s3cret! (change it)"',
      ),
    );
    expect(report.templates[0]?.template.manifest.notes).toBe(
      `The password is ${pointer('WEBPASSWORD')} (change it)`,
    );
  });

  it('leave notes alone when the password was not made a generated secret', () => {
    const tips = '      en_us: "Default password: casaos"';
    const notGenerated = importCasaOsApp(app('      TZ: Etc/UTC', tips));
    expect(notGenerated.templates[0]?.template.manifest.notes).toBe('Default password: casaos');
    expect(notGenerated.items.filter((i) => i.subject === 'x-casaos.tips')).toEqual([]);
    const generated = importCasaOsApp(app('      WEBPASSWORD: "${WEBPASSWORD:-casaos}"', tips));
    expect(generated.templates[0]?.template.manifest.notes).toBe(
      `Default password: ${pointer('WEBPASSWORD')}`,
    );
  });
});

describe('pointNotesAtSecrets', () => {
  const values = new Map([['casaos', 'ADMIN_PASSWORD']]);

  it('touches only what follows the word password, and whole values', () => {
    const { notes, rewritten } = pointNotesAtSecrets(
      'casaos is the user.\nThe password is `casaos`, not casaos2.\nSee casaos docs.',
      values,
    );
    expect(notes).toBe(
      `casaos is the user.\nThe password is ${pointer('ADMIN_PASSWORD')}, not casaos2.\nSee casaos docs.`,
    );
    expect(rewritten).toEqual([['casaos', 'ADMIN_PASSWORD']]);
  });

  it('rewrites only the password column of a table', () => {
    const table =
      '| User | Note | Password |\n| --- | --- | --- |\n| casaos | x | **casaos** |\n\nafter | casaos';
    expect(pointNotesAtSecrets(table, values).notes).toBe(
      `| User | Note | Password |\n| --- | --- | --- |\n| casaos | x | ${pointer('ADMIN_PASSWORD')} |\n\nafter | casaos`,
    );
  });
});

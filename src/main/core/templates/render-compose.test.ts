import { templateManifestSchema, type Template } from '@shared/contract/template-model';
import { describe, expect, it } from 'vitest';
import { renderCompose } from './render-compose';
import { generateSecrets } from './secrets';
import { manifestFor } from './test-support';

const template: Template = {
  manifest: templateManifestSchema.parse(
    manifestFor({
      primary: { service: 'web', port: 80 },
      variables: [
        { name: 'SITE_URL', label: 'Site', type: 'url', required: true },
        { name: 'WORKERS', label: 'Workers', type: 'number', default: '2' },
        { name: 'GREETING', label: 'Greeting' },
      ],
      secrets: [{ name: 'DB_PASSWORD', kind: 'password', length: 16 }],
      config_files: [
        {
          service: 'web',
          path: '/etc/app/app.conf',
          content: 'url=${SITE_URL}\nworkers=${WORKERS}\nshell=$HOME and $$ sign\n',
          mode: '0600',
        },
      ],
    }),
  ),
  compose: `services:
  web:
    image: example/web:1.2.3
    restart: always
    command: ["serve", "--workers", "\${WORKERS}"]
    environment:
      URL: \${SITE_URL}
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db/app
      HELLO: \${GREETING:-hello}
      LITERAL: "$$NOT_A_VARIABLE"
    ports: ["80"]
`,
};

describe('renderCompose', () => {
  it('fills variables, defaults and secrets, and nothing else', () => {
    const secrets = { DB_PASSWORD: 'S3cretS3cretS3cr' };
    const rendered = renderCompose(template, { SITE_URL: 'https://example.com', ...secrets });
    expect(rendered.ok).toBe(true);
    if (!rendered.ok) return;
    const web = rendered.compose.services[0];
    expect(web?.command).toEqual(['serve', '--workers', '2']);
    expect(web?.environment).toEqual({
      URL: 'https://example.com',
      DATABASE_URL: 'postgres://app:S3cretS3cretS3cr@db/app',
      HELLO: 'hello',
      LITERAL: '$NOT_A_VARIABLE',
    });
    expect(rendered.configFiles).toEqual([
      {
        service: 'web',
        path: '/etc/app/app.conf',
        content: 'url=https://example.com\nworkers=2\nshell=$HOME and $ sign\n',
        mode: 0o600,
      },
    ]);
  });

  it('refuses values that do not fit, missing ones and unknown ones', () => {
    const missing = renderCompose(template, {});
    expect(missing.ok ? [] : missing.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'values:required SITE_URL',
      'values:secret-missing DB_PASSWORD',
    ]);
    const wrong = renderCompose(template, {
      SITE_URL: 'not a url',
      WORKERS: 'many',
      EXTRA: 'x',
      ...generateSecrets(template.manifest),
    });
    expect(wrong.ok ? [] : wrong.errors.map((e) => `${e.code} ${e.path}`)).toEqual([
      'values:unknown EXTRA',
      'values:invalid SITE_URL',
      'values:invalid WORKERS',
    ]);
  });
});

describe('renderCompose: what it stops at', () => {
  it('stops at a required variable that stays empty', () => {
    const strict: Template = {
      ...template,
      compose: template.compose.replace('${GREETING:-hello}', '${GREETING:?say something}'),
    };
    const rendered = renderCompose(strict, { SITE_URL: 'https://example.com', DB_PASSWORD: 'x'.repeat(16) });
    expect(rendered.ok ? [] : rendered.errors.map((e) => [e.code, e.message, e.line])).toEqual([
      ['values:required', 'GREETING: say something', 9],
    ]);
  });

  it('refuses a template that no longer validates', () => {
    const broken: Template = { ...template, compose: 'services:\n  web:\n    build: .\n' };
    const rendered = renderCompose(broken, { SITE_URL: 'https://example.com' });
    expect(rendered.ok).toBe(false);
  });

  it('re-checks what values produce, such as an image reference', () => {
    const manifest = templateManifestSchema.parse(
      manifestFor({ variables: [{ name: 'TAG', label: 'Tag', default: '1.0' }] }),
    );
    const rendered = renderCompose(
      { manifest, compose: 'services:\n  web:\n    image: example/web:${TAG}\n    restart: always\n' },
      { TAG: 'bad tag!' },
    );
    expect(rendered.ok ? [] : rendered.errors.map((e) => e.code)).toEqual(['compose:image']);
  });
});

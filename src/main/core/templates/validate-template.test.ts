import { describe, expect, it } from 'vitest';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const codes = (report: { errors: { code: string; path: string }[] }) =>
  report.errors.map((e) => `${e.code} ${e.path}`);

describe('validateTemplate', () => {
  it('names every unsupported key with its path and line', () => {
    const compose = `include: [other.yaml]
services:
  web:
    image: a:1
    restart: always
    build: .
    env_file: .env
    extends: { service: base }
    profiles: [debug]
    secrets: [token]
    container_name: web
    develop: {}
secrets:
  token: { file: ./token }
configs:
  app: { file: ./app.conf }
`;
    const report = validateTemplate({ manifest: manifestFor(), compose });
    expect(codes(report)).toEqual([
      'compose:unsupported include',
      'compose:unsupported services.web.build',
      'compose:unsupported services.web.env_file',
      'compose:unsupported services.web.extends',
      'compose:unsupported services.web.profiles',
      'compose:unsupported services.web.secrets',
      'compose:unsupported services.web.container_name',
      'compose:unsupported services.web.develop',
      'compose:unsupported secrets',
      'compose:unsupported configs',
    ]);
    expect(report.errors.map((e) => e.line)).toEqual([1, 6, 7, 8, 9, 10, 11, 12, 13, 15]);
    expect(report.errors[1]?.message).toMatch(/never builds/);
    expect(report.compose).toBeUndefined();
  });

  it('warns that version and name are ignored', () => {
    const report = validateTemplate({
      manifest: manifestFor(),
      compose: 'version: "3.8"\nname: demo\nservices:\n  web:\n    image: a:1\n    restart: always\n',
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'compose:ignored version',
      'compose:ignored name',
    ]);
  });
});

describe('validateTemplate: ports, dependencies, volumes and schema', () => {
  it('checks ports, dependencies and volumes', () => {
    const compose = `services:
  a:
    image: a:1
    restart: always
    ports: ["70000", "80:80/sctp", "1-200:1-200", "8080:80", "8080:81"]
    depends_on: [b, ghost]
    volumes: [missing:/data, ./rel:/x, /abs:relative]
  b:
    image: b:1
    restart: always
    depends_on:
      c: { condition: service_started }
  c:
    image: c:1
    restart: always
    depends_on: [a]
`;
    const report = validateTemplate({ manifest: manifestFor(), compose });
    expect(codes(report)).toEqual([
      'compose:port-conflict services.a.ports',
      'compose:port services.a.ports[0]',
      'compose:unsupported services.a.ports[1]',
      'compose:port services.a.ports[2]',
      'compose:depends-on-cycle services.a.depends_on',
      'compose:depends-on-unknown services.a.depends_on[1]',
      'compose:volume-undeclared services.a.volumes[0]',
      'compose:relative-bind services.a.volumes[1]',
      'compose:volume services.a.volumes[2]',
    ]);
    expect(report.errors.find((e) => e.code === 'compose:depends-on-cycle')?.message).toContain(
      'a → b → c → a',
    );
  });

  it('reports schema violations where they are', () => {
    const report = validateTemplate({
      manifest: manifestFor(),
      compose:
        'services:\n  web:\n    image: a:1\n    restart: always\n    ports: "80:80"\n    environment: 5\n    wat: 1\nservics: {}\n',
    });
    expect(codes(report)).toEqual([
      'compose:schema services.web.ports',
      'compose:schema services.web.environment',
      'compose:unsupported services.web.wat',
      'compose:unsupported servics',
    ]);
    expect(report.errors[0]).toMatchObject({ line: 5, message: 'services.web.ports must be array.' });
    expect(report.errors[3]?.message).toBe('servics is not a top-level key of a compose file.');
  });
});

describe('validateTemplate: variables', () => {
  it('accepts variables only where they are plain text, and only declared ones', () => {
    const compose = `services:
  web:
    image: example/web:\${TAG}
    restart: always
    environment:
      A: \${DECLARED}
      B: \${UNDECLARED}
      C: cost $5
    ports: ["\${PORT}:80"]
    privileged: \${PRIV}
`;
    const report = validateTemplate({
      manifest: manifestFor({
        variables: [
          { name: 'DECLARED', label: 'D' },
          { name: 'TAG', label: 'T', default: '1.0' },
        ],
      }),
      compose,
    });
    expect(codes(report)).toEqual([
      'variable:undeclared services.web.environment.B',
      'variable:syntax services.web.environment.C',
      'variable:not-allowed services.web.ports[0]',
      'variable:not-allowed services.web.privileged',
    ]);
    expect(report.errors[0]).toMatchObject({ line: 7, column: 10 });
  });

  it('keeps $$ as written in text fields and unescapes it in literal ones', () => {
    const compose =
      'services:\n  web:\n    image: a:1\n    restart: always\n    healthcheck:\n      test: ["CMD-SHELL", "test $$HOME"]\n    working_dir: /srv/$$dir\n';
    const report = validateTemplate({ manifest: manifestFor(), compose });
    expect(report.compose?.services[0]?.healthcheck).toMatchObject({ test: ['CMD-SHELL', 'test $$HOME'] });
    expect(report.compose?.services[0]?.workingDir).toBe('/srv/$$dir');
  });
});

describe('validateTemplate: the manifest', () => {
  it('checks the manifest, with lines when it is YAML text', () => {
    const manifest =
      'name: X\nslug: Not A Slug\nversion: 1.0\ndescription: d\ncategory: web\nicon: "🧪"\nprice_monthly_cents: 1\nresources: { cpu_cores: 1, memory_mb: 1, disk_mb: 1 }\nextra: 1\n';
    const report = validateTemplate({
      manifest,
      compose: 'services:\n  web:\n    image: a:1\n    restart: always\n',
    });
    expect(report.errors.map((e) => [e.code, e.path, e.line])).toEqual([
      ['manifest:invalid', 'name', 1],
      ['manifest:invalid', 'slug', 2],
      ['manifest:invalid', 'version', 3],
      ['manifest:invalid', 'extra', 9],
    ]);
  });

  it('checks the manifest against the compose file', () => {
    const compose = 'services:\n  web:\n    image: a:1\n    restart: always\n    expose: ["3000"]\n';
    const manifest = manifestFor({
      primary: { service: 'web', port: 8080 },
      variables: [
        { name: 'UNUSED', label: 'U' },
        { name: 'PORT', label: 'P', type: 'number', default: 'abc' },
      ],
      secrets: [{ name: 'S', kind: 'hex', bytes: 16 }],
      config_files: [
        { service: 'nope', path: '/etc/app.conf', content: 'port=${PORT} key=${MISSING} $keep' },
      ],
    });
    const report = validateTemplate({ manifest, compose });
    expect(codes(report)).toEqual([
      'manifest:config-service config_files[0].service',
      'variable:undeclared config_files[0].content',
      'manifest:primary-port primary.port',
      'manifest:invalid-default variables[1].default',
    ]);
    expect(report.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'variable:unused variables[0].name',
      'variable:unused secrets[0].name',
    ]);
    const wrongService = validateTemplate({
      manifest: manifestFor({ primary: { service: 'api', port: 3000 } }),
      compose,
    });
    expect(codes(wrongService)).toEqual(['manifest:primary-service primary.service']);
  });
});

describe('validateTemplate: networks and input of the wrong type', () => {
  it('supports custom networks as networks of the deployment and refuses external ones', () => {
    const ok = validateTemplate({
      manifest: manifestFor(),
      compose:
        'services:\n  web:\n    image: a:1\n    restart: always\n    networks: { front: { aliases: [site] }, back: null }\n  db:\n    image: b:1\n    restart: always\n    networks: [back]\nnetworks:\n  front: {}\n  back: { internal: true }\n',
    });
    expect(ok.errors).toEqual([]);
    expect(ok.compose?.networks.map((n) => n.name)).toEqual(['front', 'back']);
    expect(ok.compose?.services[0]?.networks).toEqual([
      { name: 'front', aliases: ['site'] },
      { name: 'back', aliases: [] },
    ]);
    const bad = validateTemplate({
      manifest: manifestFor(),
      compose:
        'services:\n  web:\n    image: a:1\n    restart: always\n    network_mode: host\n    networks: [proxy]\n    logging: { driver: syslog }\n    restart: sometimes\nnetworks:\n  proxy: { external: true, driver: overlay }\n',
    });
    expect(bad.errors.map((e) => e.code)).toContain('yaml:duplicate-key');
    const bad2 = validateTemplate({
      manifest: manifestFor(),
      compose:
        'services:\n  web:\n    image: a:1\n    restart: sometimes\n    network_mode: host\n    networks: [proxy]\n    logging: { driver: syslog }\nnetworks:\n  proxy: { external: true, driver: overlay }\n',
    });
    expect(codes(bad2)).toEqual([
      'compose:restart services.web.restart',
      'compose:conflict services.web.networks',
      'compose:unsupported services.web.logging.driver',
      'compose:unsupported networks.proxy.external',
      'compose:unsupported networks.proxy.driver',
    ]);
  });

  it('never throws on input of the wrong type', () => {
    expect(
      validateTemplate({ manifest: 42, compose: 7 as unknown as string }).errors.map((e) => e.code),
    ).toEqual(['compose:not-text', 'manifest:invalid']);
    expect(validateTemplate({ manifest: null, compose: '[1, 2]' }).errors.map((e) => e.code)).toEqual([
      'compose:not-mapping',
      'manifest:invalid',
    ]);
  });
});

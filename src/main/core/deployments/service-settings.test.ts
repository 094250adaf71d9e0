import { describe, expect, it } from 'vitest';
import { deploymentSettingsSchema, type DeploymentSettingsInput } from '@shared/contract/deployment-settings';
import { templateManifestSchema, type NormalizedCompose } from '@shared/contract/template-model';
import { service } from '../../../../tests/helpers/compose-fixtures';
import { manifestFor } from '../templates/test-support';
import { buildPlan } from './build-plan';
import { effectiveCompose, MASK } from './settings-compose';
import { applySettings, checkSettings, replicasOf, settingsFacts, tidySettings } from './service-settings';
import { refusal } from './test-support';

const manifest = templateManifestSchema.parse(
  manifestFor({ resources: { cpu_cores: 0.5, memory_mb: 256, disk_mb: 1024 } }),
);

const compose: NormalizedCompose = {
  services: [
    service('db', {
      environment: { DB_PASSWORD: 'secret' },
      mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: false }],
      limits: { cpus: 1, memoryBytes: 512 * 1024 * 1024 },
    }),
    service('web', {
      environment: { MODE: 'prod' },
      ports: [{ target: 80, published: null, protocol: 'tcp', hostIp: null }],
      dependsOn: [{ service: 'db', condition: 'service_started' }],
    }),
    service('edge', { ports: [{ target: 443, published: 8443, protocol: 'tcp', hostIp: null }] }),
  ],
  networks: [],
  volumes: [{ name: 'data', external: false, externalName: null, labels: {}, driverOpts: {} }],
};

const settingsOf = (input: DeploymentSettingsInput) => deploymentSettingsSchema.parse(input);

describe('service settings: validation', () => {
  it('refuses a name that is not an environment variable name, and replicas out of bounds, with the rule', () => {
    const badName = refusal(() =>
      checkSettings(compose, settingsOf({ services: { web: { environment: { '1A-B': 'x' } } } })),
    );
    expect(badName.message).toBe(
      '"1A-B" is not an environment variable name for web: use letters, digits and underscores, not starting with a digit.',
    );
    expect(badName.field).toBe('settings.services.web.environment.1A-B');
    const tooMany = deploymentSettingsSchema.safeParse({ services: { web: { replicas: 11 } } });
    expect(tooMany.error?.issues[0]?.message).toBe('replicas must be between 1 and 10');
    const tooLittle = deploymentSettingsSchema.safeParse({ services: { web: { memoryMb: 2 } } });
    expect(tooLittle.error?.issues[0]?.message).toBe('a memory limit must be at least 6 MB');
  });

  it('refuses replacing a value the template sets unless the name is listed in replaces', () => {
    const error = refusal(() =>
      checkSettings(compose, settingsOf({ services: { db: { environment: { DB_PASSWORD: 'mine' } } } })),
    );
    expect(error.field).toBe('settings.services.db.environment.DB_PASSWORD');
    expect(error.message).toContain("replace the template's value");
    expect(() =>
      checkSettings(
        compose,
        settingsOf({ services: { db: { environment: { DB_PASSWORD: 'mine' }, replaces: ['DB_PASSWORD'] } } }),
      ),
    ).not.toThrow();
  });

  it('refuses copies of a service with a fixed host port or a writable volume, and an unknown service', () => {
    const fixed = refusal(() => checkSettings(compose, settingsOf({ services: { edge: { replicas: 2 } } })));
    expect(fixed.message).toContain('fixed host port 8443');
    expect(fixed.field).toBe('settings.services.edge.replicas');
    const stateful = refusal(() => checkSettings(compose, settingsOf({ services: { db: { replicas: 2 } } })));
    expect(stateful.message).toContain('writes to the volume data');
    const unknown = refusal(() => checkSettings(compose, settingsOf({ services: { api: { replicas: 2 } } })));
    expect(unknown.message).toContain('its services are db, web, edge');
    expect(() => checkSettings(compose, settingsOf({ services: { web: { replicas: 3 } } }))).not.toThrow();
  });
});

describe('service settings: facts and tidying', () => {
  it('says per service what runs without settings and which may scale', () => {
    const facts = settingsFacts(compose, manifest, null);
    expect(facts.map((f) => [f.name, f.defaultLimits, f.scaleRefusal === null])).toEqual([
      ['db', { cpuCores: 1, memoryMb: 512 }, false],
      ['web', { cpuCores: 0.5, memoryMb: 256 }, true],
      ['edge', { cpuCores: 0.5, memoryMb: 256 }, false],
    ]);
    expect(facts[0]?.environmentNames).toEqual(['DB_PASSWORD']);
  });

  it("caps the template's CPU need at the node's count and refuses a setting above it or under a reservation", () => {
    expect(settingsFacts(compose, manifest, 0.25).map((f) => f.defaultLimits.cpuCores)).toEqual([
      1, 0.25, 0.25,
    ]);
    const tooMuch = refusal(() =>
      checkSettings(compose, settingsOf({ services: { web: { cpuCores: 4 } } }), 2),
    );
    expect(tooMuch.message).toBe('web cannot be given 4 CPU cores: its node has 2. Pick at most 2.');
    const reserved = {
      ...compose,
      services: compose.services.map((s) => ({
        ...s,
        reservations: { cpus: null, memoryBytes: 128 * 1024 * 1024 },
      })),
    };
    const under = refusal(() => checkSettings(reserved, settingsOf({ services: { web: { memoryMb: 64 } } })));
    expect(under.message).toBe(
      'web reserves 128 MB in its compose file; a memory limit must be at least that.',
    );
  });

  it('drops services left at their defaults and replaces naming nothing given', () => {
    const tidy = tidySettings(
      settingsOf({
        services: { web: { replaces: ['GONE'] }, db: { environment: { A: '1' }, replaces: ['A', 'B'] } },
      }),
    );
    expect(tidy).toEqual({
      services: {
        db: { environment: { A: '1' }, replaces: ['A'], cpuCores: null, memoryMb: null, replicas: 1 },
      },
    });
  });
});

const plan = (input: DeploymentSettingsInput) => {
  const settings = settingsOf(input);
  return buildPlan({
    deploymentId: 'd1',
    project: 'shop',
    revision: 2,
    compose: applySettings(compose, manifest, settings),
    exposure: 'private',
    ports: [{ service: 'web', containerPort: 80, protocol: 'tcp', hostPort: 20001 }],
    files: [],
    replicas: replicasOf(settings),
  });
};

describe('service settings: the plan', () => {
  it('limits: the user setting wins over the compose file, which wins over the template resources', () => {
    const services = plan({ services: { db: { memoryMb: 1024 }, edge: { cpuCores: 2 } } }).services;
    const limits = Object.fromEntries(
      services.map((s) => [s.service, [s.options.HostConfig?.NanoCpus, s.options.HostConfig?.Memory]]),
    );
    expect(limits).toEqual({
      db: [1e9, 1024 * 1024 * 1024],
      web: [0.5e9, 256 * 1024 * 1024],
      edge: [2e9, 256 * 1024 * 1024],
    });
  });

  it('adds extra environment to the service it names only', () => {
    const services = plan({
      services: { web: { environment: { FEATURE: 'on', MODE: 'dev' }, replaces: ['MODE'] } },
    }).services;
    expect(services.find((s) => s.service === 'web')?.options.Env).toEqual(['MODE=dev', 'FEATURE=on']);
    expect(services.find((s) => s.service === 'db')?.options.Env).toEqual(['DB_PASSWORD=secret']);
  });
});

describe('service settings: replicas and the preview', () => {
  it('runs copies named as compose does, all with the service alias, only the first publishing', () => {
    const services = plan({ services: { web: { replicas: 3 } } }).services;
    const web = services.filter((s) => s.service === 'web');
    expect(web.map((s) => s.containerName)).toEqual(['shop-web-1', 'shop-web-2', 'shop-web-3']);
    expect(web.map((s) => s.options.Labels?.['com.docker.compose.container-number'])).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(web.map((s) => s.options.NetworkingConfig?.EndpointsConfig?.shop_default?.Aliases)).toEqual([
      ['web'],
      ['web'],
      ['web'],
    ]);
    expect(web.map((s) => s.ports.length)).toEqual([1, 0, 0]);
    expect(web[1]?.options.HostConfig?.PortBindings).toEqual({});
    // What depends on web starts after all its copies; db, which web depends on, before them.
    expect(services.map((s) => s.containerName)).toEqual([
      'shop-db-1',
      'shop-web-1',
      'shop-web-2',
      'shop-web-3',
      'shop-edge-1',
    ]);
  });

  it('shows the change as compose lines, secrets masked', () => {
    const before = effectiveCompose(compose, manifest, settingsOf({}));
    const after = effectiveCompose(
      {
        ...compose,
        services: compose.services.map((s) =>
          s.name === 'db' ? { ...s, environment: { DB_PASSWORD: MASK } } : s,
        ),
      },
      manifest,
      settingsOf({ services: { web: { replicas: 2, environment: { FEATURE: 'on' }, memoryMb: 64 } } }),
    );
    expect(before).toContain('DB_PASSWORD: "secret"');
    expect(after).toContain(`DB_PASSWORD: "${MASK}"`);
    expect(after).toContain('      FEATURE: "on"\n');
    expect(after).toContain(
      '      replicas: 2\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 64M\n',
    );
  });
});

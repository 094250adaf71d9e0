import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';
import { importPortainerTemplates } from './import-portainer';

const swarmStack = (compose: string) =>
  importPortainerTemplates(
    JSON.stringify({
      version: '2',
      templates: [
        { type: 2, title: 'Stack', repository: { url: 'https://github.com/o/r', stackfile: 's.yml' } },
      ],
    }),
    { remoteFiles: [{ url: 'https://raw.githubusercontent.com/o/r/HEAD/s.yml', text: compose }] },
  );

describe('swarm deploy keys, for every import', () => {
  it('turns restart_policy on-failure with max_attempts into on-failure:N', () => {
    const report = importCompose(
      'services:\n  app:\n    image: nginx:1\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n        delay: 5s\n',
    );
    const service = report.templates[0]?.report.compose?.services[0];
    expect(service?.restart).toEqual({ policy: 'on-failure', maxRetries: 3 });
    const item = report.items.find((i) => i.subject === 'services.app.deploy.restart_policy');
    expect(item?.reason).toMatch(/restart: on-failure:3\. Docker has no delay/);
  });

  it('keeps swarm service labels (Traefik in swarm mode reads them there) as container labels', () => {
    const report = importCompose(
      [
        'services:',
        '  web:',
        '    image: traefik/whoami:v1.10.3',
        '    labels: [app.tier=front]',
        '    deploy:',
        '      labels:',
        '        traefik.enable: "true"',
        '        app.tier: swarm',
      ].join('\n'),
    );
    expect(report.templates[0]?.report.compose?.services[0]?.labels).toEqual({
      'app.tier': 'front',
      'traefik.enable': 'true',
    });
  });

  it('names what it drops: replicas beyond one, global mode, placement, update and rollback', () => {
    const report = importCompose(
      [
        'services:',
        '  app:',
        '    image: nginx:1',
        '    deploy:',
        '      replicas: 3',
        '      endpoint_mode: dnsrr',
        '      placement: { constraints: [node.role == manager] }',
        '      update_config: { parallelism: 1 }',
        '      rollback_config: { parallelism: 1 }',
        '      resources: { limits: { memory: 64M } }',
      ].join('\n'),
    );
    const reasons = Object.fromEntries(report.items.map((i) => [i.subject, i.reason]));
    expect(reasons['services.app.deploy.replicas']).toMatch(/asked for 3 replicas/);
    expect(reasons['services.app.deploy.placement']).toMatch(/the node you choose/);
    expect(reasons['services.app.deploy.update_config']).toMatch(/recreating its containers/);
    expect(reasons['services.app.deploy.rollback_config']).toMatch(/earlier one/);
    expect(reasons['services.app.deploy.endpoint_mode']).toMatch(/by name/);
    expect(report.templates[0]?.report.errors).toEqual([]);
    expect(report.templates[0]?.report.compose?.services[0]?.limits.memoryBytes).toBe(64 * 1024 * 1024);
  });
});

describe('swarm stacks (Portainer type 2)', () => {
  it('gives an external overlay network to the deployment instead of refusing it', () => {
    const report = swarmStack(
      [
        'services:',
        '  agent:',
        '    image: portainer/agent:2.21.4',
        '    networks: [agent_network]',
        'networks:',
        '  agent_network:',
        '    external: true',
        '    name: portainer_agent_network',
      ].join('\n'),
    );
    expect(report.templates[0]?.report.errors).toEqual([]);
    const item = report.items.find((i) => i.subject === 'templates[0] (Stack): networks.agent_network');
    expect(item?.reason).toMatch(/existing network "portainer_agent_network".*publish a port/);
  });

  it('makes external secrets and configs with the deployment: a generated password, a config to fill in', () => {
    const report = swarmStack(
      [
        'services:',
        '  db:',
        '    image: postgres:17',
        '    environment: { POSTGRES_PASSWORD_FILE: /run/secrets/db_password }',
        '    secrets: [db_password]',
        '    configs: [{ source: pg_conf, target: /etc/postgresql.conf }]',
        'secrets:',
        '  db_password: { external: true }',
        'configs:',
        '  pg_conf: { external: true }',
      ].join('\n'),
    );
    const template = report.templates[0];
    expect(template?.report.errors).toEqual([]);
    expect(template?.template.manifest.secrets.map((s) => s.name)).toEqual(['DB_PASSWORD']);
    expect(template?.template.manifest.config_files.map((f) => f.path)).toEqual([
      '/run/secrets/db_password',
      '/etc/postgresql.conf',
    ]);
    expect(report.items.filter((i) => i.action === 'refused')).toEqual([]);
  });
});

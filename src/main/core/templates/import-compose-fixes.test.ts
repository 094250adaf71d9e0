import { describe, expect, it } from 'vitest';
import { importCompose } from './import-compose';

const imported = (text: string) => {
  const report = importCompose(text, { fileName: 'app.yml' });
  const template = report.templates[0];
  return { report, template, errors: template?.report.errors.map((e) => `${e.code} ${e.path}`) };
};
const changed = (report: ReturnType<typeof importCompose>) =>
  report.items.filter((i) => i.action === 'changed').map((i) => i.subject);

describe('importCompose: fixed names, ipam and overlay', () => {
  const { report, template, errors } = imported(
    [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    networks: [front]',
      '    volumes: [data:/usr/share/nginx/html]',
      'networks:',
      '  front:',
      '    name: my-front',
      '    driver: overlay',
      '    driver_opts: { encrypted: "true" }',
      '    ipam:',
      '      config: [{ subnet: 172.28.0.0/16 }]',
      'volumes:',
      '  data:',
      '    name: my-data',
      '',
    ].join('\n'),
  );

  it('drops the fixed names and the unused ipam, and makes the overlay network a bridge', () => {
    expect(errors).toEqual([]);
    expect(template?.report.compose?.networks.map((n) => n.name)).toEqual(['front']);
    expect(template?.template.compose).not.toContain('my-front');
    expect(template?.template.compose).not.toContain('my-data');
    expect(template?.template.compose).not.toContain('ipam');
    expect(template?.template.compose).toContain('driver: bridge');
    expect(changed(report)).toEqual(
      expect.arrayContaining([
        'networks.front.name',
        'networks.front.ipam',
        'networks.front.driver',
        'volumes.data.name',
      ]),
    );
  });

  it('keeps ipam when a service takes a fixed address, for validation to name', () => {
    const result = imported(
      'services:\n  web:\n    image: nginx\n    networks:\n      front: { ipv4_address: 172.28.0.5 }\nnetworks:\n  front:\n    ipam:\n      config: [{ subnet: 172.28.0.0/16 }]\n',
    );
    expect(changed(result.report)).not.toContain('networks.front.ipam');
    expect(result.errors).toEqual(expect.arrayContaining(['compose:unsupported networks.front.ipam']));
  });

  it('leaves an external volume its name', () => {
    const result = imported(
      'services:\n  web:\n    image: nginx\n    volumes: [data:/data]\nvolumes:\n  data:\n    external: true\n    name: shared-data\n',
    );
    expect(result.errors).toEqual([]);
    expect(result.template?.report.compose?.volumes[0]?.externalName).toBe('shared-data');
  });
});

describe('importCompose: network_mode default, empty values, text port targets, develop', () => {
  const { report, template, errors } = imported(
    [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    network_mode: default',
      '    labels:',
      '    healthcheck:',
      '      test: ["CMD", "true"]',
      '      interval:',
      '    develop:',
      '      watch: [{ action: sync, path: ./src, target: /app }]',
      '    ports:',
      '      - target: "80"',
      '        published: "8080"',
      'volumes:',
      '',
    ].join('\n'),
  );

  it('imports a file compose accepts but the schema would refuse', () => {
    expect(errors).toEqual([]);
    const web = template?.report.compose?.services[0];
    expect(web?.networks).toEqual([{ name: 'default', aliases: [] }]);
    expect(web?.ports).toEqual([{ target: 80, published: 8080, protocol: 'tcp', hostIp: null }]);
    expect(template?.template.compose).not.toContain('develop');
  });

  it('reports each rewrite as changed, with its reason', () => {
    expect(changed(report)).toEqual(
      expect.arrayContaining([
        'volumes',
        'services.web.network_mode',
        'services.web.labels',
        'services.web.healthcheck.interval',
        'services.web.develop',
        'services.web.ports[0].target',
      ]),
    );
  });
});

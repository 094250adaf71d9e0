import { describe, expect, it } from 'vitest';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const COMPOSE = `
services:
  web:
    image: ghcr.io/example/web:2.1.0
    restart: on-failure:3
    command: sh -c "echo 'hi there' && exec web"
    environment:
      - DATABASE_URL=postgres://app:\${DB_PASSWORD}@db/app
      - MODE=production
    ports:
      - "8080"
      - "127.0.0.1:9000-9001:9000-9001/udp"
      - target: 3000
        protocol: tcp
    expose: ["7000"]
    volumes:
      - data:/data:ro
      - type: tmpfs
        target: /cache
        tmpfs: { size: 64m }
    tmpfs: /run:size=16m
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: curl -f http://localhost:8080/health
      interval: 1m30s
      timeout: 500ms
      retries: 3
      start_period: 10s
    deploy:
      resources:
        limits: { cpus: "0.5", memory: 512m }
        reservations: { memory: 128m }
    stop_grace_period: 20s
    ulimits:
      nofile: { soft: 1024, hard: 2048 }
      nproc: 512
    labels: { team: web }
    logging:
      driver: json-file
      options: { max-size: 10m, max-file: 3 }
  db:
    image: postgres:16.6-alpine
    restart: unless-stopped
    mem_limit: 1g
    cpus: 1.5
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
volumes:
  data:
`;

const report = validateTemplate({
  manifest: manifestFor({
    secrets: [{ name: 'DB_PASSWORD', kind: 'password' }],
    primary: { service: 'web', port: 8080 },
  }),
  compose: COMPOSE,
});

describe('the normalized compose model', () => {
  it('normalizes a valid template without errors, warning only of the fixed port', () => {
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.code)).toEqual(['compose:port-fixed']);
  });

  it('normalizes the web service, keeping placeholders', () => {
    const web = report.compose?.services[0];
    expect(web).toMatchObject({
      name: 'web',
      command: ['sh', '-c', "echo 'hi there' && exec web"],
      environment: { DATABASE_URL: 'postgres://app:${DB_PASSWORD}@db/app', MODE: 'production' },
      ports: [
        { target: 8080, published: null, protocol: 'tcp', hostIp: null },
        { target: 9000, published: 9000, protocol: 'udp', hostIp: '127.0.0.1' },
        { target: 9001, published: 9001, protocol: 'udp', hostIp: '127.0.0.1' },
        { target: 3000, published: null, protocol: 'tcp', hostIp: null },
      ],
      expose: [{ port: 7000, protocol: 'tcp' }],
      mounts: [
        { type: 'volume', source: 'data', target: '/data', readOnly: true, noCopy: false },
        { type: 'tmpfs', target: '/cache', sizeBytes: 64 * 1024 * 1024, mode: null },
      ],
      tmpfs: [{ target: '/run', options: 'size=16m' }],
      dependsOn: [{ service: 'db', condition: 'service_healthy' }],
      healthcheck: {
        disabled: false,
        test: ['CMD-SHELL', 'curl -f http://localhost:8080/health'],
        intervalMs: 90_000,
        timeoutMs: 500,
        retries: 3,
        startPeriodMs: 10_000,
      },
      restart: { policy: 'on-failure', maxRetries: 3 },
      limits: { cpus: 0.5, memoryBytes: 512 * 1024 ** 2 },
      reservations: { cpus: null, memoryBytes: 128 * 1024 ** 2 },
      stopGracePeriodMs: 20_000,
      ulimits: [
        { name: 'nofile', soft: 1024, hard: 2048 },
        { name: 'nproc', soft: 512, hard: 512 },
      ],
      logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
      networks: [{ name: 'default', aliases: [] }],
    });
  });

  it('normalizes the database service and adds the default network', () => {
    expect(report.compose?.services[1]).toMatchObject({
      limits: { cpus: 1.5, memoryBytes: 1024 ** 3 },
      restart: { policy: 'unless-stopped', maxRetries: null },
    });
    expect(report.compose?.networks).toEqual([{ name: 'default', internal: false, labels: {} }]);
  });
});

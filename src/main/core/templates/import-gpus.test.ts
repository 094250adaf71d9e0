import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCasaOsApp } from './import-casaos';
import { importCompose } from './import-compose';

const GPU_FINDING = 'the container gets direct access to the graphics card.';

/** Ollama's compose file as its documentation gives it for NVIDIA GPUs. */
const OLLAMA = `services:
  ollama:
    image: ollama/ollama:0.5.7
    ports: ["11434"]
    volumes: [ollama:/root/.ollama]
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: all
              capabilities: [gpu]
volumes:
  ollama: {}
`;

describe('imports keep GPU requests', () => {
  it('keeps a compose reservation, says so in the report and asks for consent', () => {
    const report = importCompose(OLLAMA, { fileName: 'docker-compose.yml' });
    const imported = report.templates[0];
    expect(imported?.report.errors).toEqual([]);
    expect(imported?.template.compose).toContain('driver: nvidia');
    expect(imported?.report.compose?.services[0]?.gpus).toEqual([
      { driver: 'nvidia', count: -1, deviceIds: [], capabilities: ['gpu'], options: {} },
    ]);
    const kept = report.items.find(
      (i) => i.subject === 'services.ollama.deploy.resources.reservations.devices',
    );
    expect(kept?.action).toBe('taken');
    expect(kept?.reason).toMatch(
      /^The GPU request\. Kept: deploying asks you to accept that the container gets the node's GPUs/,
    );
    expect(imported?.report.findings.map((f) => f.message)).toEqual([
      `ollama: uses the node's GPUs (nvidia, all of them): ${GPU_FINDING}`,
    ]);
  });

  it('keeps gpus and runtime: nvidia', () => {
    const report = importCompose(
      'services:\n  app:\n    image: nvidia/cuda:12.6.3-base-ubuntu24.04\n    gpus: all\n    runtime: nvidia\n',
    );
    expect(report.templates[0]?.report.errors).toEqual([]);
    expect(report.items.filter((i) => i.action === 'taken').map((i) => i.subject)).toEqual([
      'services.app.gpus',
      'services.app.runtime',
    ]);
    expect(report.templates[0]?.report.findings.map((f) => f.rule)).toEqual(['gpu', 'runtime']);
  });

  it('keeps a CasaOS app’s GPU reservation', () => {
    const jellyfin = readFileSync(join(__dirname, 'fixtures', 'casaos-jellyfin.yaml'), 'utf8').replace(
      '          memory: 256M\n',
      '          memory: 256M\n          devices:\n            - capabilities: [gpu]\n',
    );
    const report = importCasaOsApp(jellyfin);
    expect(report.templates[0]?.report.errors).toEqual([]);
    expect(report.items.map((i) => `${i.action} ${i.subject}`)).toContain(
      'taken services.jellyfin.deploy.resources.reservations.devices',
    );
    expect(report.templates[0]?.report.findings.map((f) => f.key)).toContain('gpu:jellyfin::all:gpu');
  });

  it('notes nothing for a device request that is not a GPU, which validation refuses', () => {
    const report = importCompose(OLLAMA.replace('driver: nvidia', 'driver: rocm'));
    expect(report.items.some((i) => i.action === 'taken' && i.subject.includes('devices'))).toBe(false);
    expect(report.templates[0]?.report.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/The device driver "rocm" is not supported/),
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPortainerTemplates } from './import-portainer';

/**
 * 26 templates of github.com/portainer/templates (templates-2.0.json, commit 7d25faa) and the 11
 * stack files they name, as published: containers, swarm and compose stacks, edge stack templates.
 */
const folder = join(__dirname, '../../../../tests/fixtures/imports/portainer-public');
const list = readFileSync(join(folder, 'templates-2.0.json'), 'utf8');
const RAW = /^https:\/\/raw\.githubusercontent\.com\/portainer\/templates\/(HEAD|master)\//;
const stackFile = (url: string): string => readFileSync(join(folder, 'stacks', url.replace(RAW, '')), 'utf8');

const TOTAL = 26;
const withoutFiles = importPortainerTemplates(list);
const remoteFiles = (withoutFiles.pending ?? []).map((p) => ({ url: p.url, text: stackFile(p.url) }));
const report = importPortainerTemplates(list, { remoteFiles });

describe("Portainer's public templates", () => {
  it('lists every repository and edge stack as pending until its file is given, refusing none of them', () => {
    expect(withoutFiles.errors).toEqual([]);
    expect(withoutFiles.pending?.map((p) => p.subject.replace(/^templates\[\d+\] /, ''))).toEqual([
      '(Swarm monitoring)',
      '(Redis Cluster)',
      '(Portainer Agent)',
      '(CockroachDB)',
      '(WordPress)',
      '(WordPress)',
      '(Datadog agent)',
      '(Dokku)',
      '(Softing EdgeConnector modbus)',
      '(OPC Router)',
      '(Manubes Edge Node)',
    ]);
    expect(withoutFiles.pending?.every((p) => p.canFetch && RAW.test(p.url))).toBe(true);
    expect(withoutFiles.items.filter((i) => i.action === 'refused')).toHaveLength(1);
  });

  it('imports at least 90 % of them as valid templates once the stack files are given', () => {
    const valid = report.templates.filter((t) => t.report.errors.length === 0);
    const share = valid.length / TOTAL;
    console.info(`Portainer public set: ${valid.length}/${TOTAL} valid (${(share * 100).toFixed(1)} %)`);
    expect(report.errors).toEqual([]);
    expect(report.pending ?? []).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(0.9);
    expect(valid.map((t) => t.template.manifest.name)).toContain('Swarm monitoring');
  });

  it('refuses only what a node cannot run, saying what to do instead', () => {
    const refused = report.items.filter((i) => i.action === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    for (const item of refused)
      expect(item.reason).toMatch(/(Windows containers|built from source).*(instead|push the image)/);
    const imported = report.templates.length + refused.length;
    expect(imported).toBe(TOTAL);
  });

  it('keeps the swarm monitoring stack whole: four services on their network, restart on failure', () => {
    const monitoring = report.templates.find((t) => t.template.manifest.name === 'Swarm monitoring');
    const services = monitoring?.report.compose?.services ?? [];
    expect(services.map((s) => [s.name, s.restart.policy])).toEqual([
      ['grafana', 'on-failure'],
      ['prometheus', 'on-failure'],
      ['cadvisor', 'unless-stopped'],
      ['node-exporter', 'unless-stopped'],
    ]);
    expect(services[2]?.limits).toMatchObject({ memoryBytes: 128 * 1024 * 1024 });
    expect(monitoring?.template.manifest.variables.map((v) => v.name)).toContain('GRAFANA_USER');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ImportReport, ValidationIssue, ValidationReport } from '@shared/contract/template-model';
import { describe, expect, it } from 'vitest';
import { importCasaOsApp } from './import-casaos';
import { importCompose } from './import-compose';
import { importPortainerTemplates } from './import-portainer';
import { importTemplateBundle } from './template-bundle';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

/** A small seeded generator, so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20_260_101);
const int = (max: number) => Math.floor(random() * max);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

const CATALOG = resolve(__dirname, '../../../../resources/templates');
const composes = readdirSync(CATALOG, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readFileSync(join(CATALOG, entry.name, 'compose.yaml'), 'utf8'));
const fixtures = readdirSync(join(__dirname, 'fixtures'), { withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => readFileSync(join(__dirname, 'fixtures', entry.name), 'utf8'));

const binaryJunk = () =>
  Array.from({ length: 1 + int(20_000) }, () => String.fromCharCode(int(256))).join('');

function aliasBomb(): string {
  const width = 2 + int(10);
  const depth = 3 + int(12);
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
  for (let i = 1; i < depth; i += 1)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    );
  lines.push(`services:\n  a:\n    image: a:1\n    environment: *l${depth - 1}`);
  return lines.join('\n');
}

function deepNesting(): string {
  const levels = pick([100, 1_000, 5_000, 10_000]);
  switch (int(6)) {
    case 0:
      return `services: ${'['.repeat(levels)}${']'.repeat(levels)}`;
    case 1:
      return `services: ${'{a: '.repeat(levels)}1${'}'.repeat(levels)}`;
    case 2:
      return Array.from({ length: Math.min(levels, 700) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    case 3:
      return `- ${'- '.repeat(levels)}x`;
    case 4:
      return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    default:
      return `a: &x ${'['.repeat(levels)}`;
  }
}

const duplicateKeys = () =>
  pick([
    'services:\n  a:\n    image: a:1\n    image: b:1\n',
    'services:\n  a:\n    image: a:1\nservices:\n  b:\n    image: b:1\n',
    'services: {a: {image: a:1}, a: {image: b:1}}\n',
    `services:\n  a:\n    image: a:1\n    environment:\n${'      K: v\n'.repeat(2 + int(50))}`,
  ]);

function hugeString(): string {
  const size = pick([255 * 1024, 256 * 1024 - 64, 256 * 1024 + 1, 300 * 1024, 90 * 1024]);
  const char = pick(['x', 'é', '🐳', '\\u0000']);
  return `services:\n  a:\n    image: a:1\n    restart: always\n    environment:\n      BIG: "${char.repeat(Math.ceil(size / (char === '🐳' ? 4 : char === 'é' ? 2 : char.length)))}"\n`;
}

const multipleDocuments = () => `${pick(composes)}\n---\n${pick(composes)}${random() < 0.5 ? '\n...\n' : ''}`;

const DANGEROUS = [
  'privileged: true',
  'network_mode: host',
  'pid: host',
  'ipc: host',
  'cap_add: [SYS_ADMIN, ALL, NET_ADMIN, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH]',
  'devices: ["/dev/mem:/dev/mem", "/dev/sda"]',
  'security_opt: ["seccomp=unconfined", "apparmor:unconfined", "label=disable"]',
  'volumes: ["/:/host", "/etc:/etc", "/root:/root", "/var/run/docker.sock:/s", "/run/docker.sock:/t", "/proc:/p", "/sys:/y", "/dev:/d", "/boot:/b", "/usr:/u", "/var/lib/docker:/v"]',
];
function dangerous(): string {
  const chosen = DANGEROUS.filter(() => random() < 0.5);
  if (chosen.length === 0) chosen.push(pick(DANGEROUS));
  return `services:\n  a:\n    image: a:1\n    restart: always\n${chosen.map((o) => `    ${o}`).join('\n')}\n`;
}

const TOKENS = [
  '[',
  ']',
  '{',
  '}',
  ': ',
  '- ',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!custom ',
  '${',
  '${X:-',
  '$',
  '$$',
  '"',
  "'",
  '\t',
  '\n  ',
  '#',
  '|',
  '>-',
  '? ',
  '\u0000',
  '\uFEFF',
  '%YAML 1.1\n',
  '---\n',
  'x'.repeat(1000),
];

function mutate(text: string): string {
  let out = text;
  for (let n = 1 + int(8); n > 0; n -= 1) {
    const at = int(out.length + 1);
    switch (int(6)) {
      case 0:
        out = out.slice(0, at) + pick(TOKENS) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + int(40));
        break;
      case 2: {
        const lines = out.split('\n');
        const i = int(lines.length);
        lines.splice(int(lines.length), 0, lines[i] ?? '');
        out = lines.join('\n');
        break;
      }
      case 3:
        out = out.slice(0, at);
        break;
      case 4:
        out = out.replace(
          /\n( +)/,
          (_, spaces: string) => `\n${spaces.slice(int(spaces.length + 1))}${' '.repeat(int(4))}`,
        );
        break;
      default:
        out = out.slice(0, at) + String.fromCharCode(int(0x3000)) + out.slice(at);
    }
  }
  return out;
}

const GENERATORS: [string, number, () => string][] = [
  ['binary junk', 100, binaryJunk],
  ['alias bomb', 50, aliasBomb],
  ['deep nesting', 60, deepNesting],
  ['duplicate keys', 40, duplicateKeys],
  ['huge string', 30, hugeString],
  ['multiple documents', 30, multipleDocuments],
  ['dangerous options', 90, dangerous],
  ['mutated template', 520, () => mutate(pick(composes))],
  ['mutated fixture', 80, () => mutate(pick(fixtures))],
];

const IMPORTERS: ((text: string) => ImportReport)[] = [
  (text) => importCompose(text, { fileName: 'hostile.yml' }),
  importCasaOsApp,
  importPortainerTemplates,
  (text) =>
    importPortainerTemplates(
      JSON.stringify({
        version: '2',
        templates: [
          { type: 3, title: 'x', stackfile_content: text, env: [{ name: 'A', label: text.slice(0, 50) }] },
        ],
      }),
    ),
  importTemplateBundle,
  (text) =>
    importTemplateBundle(
      JSON.stringify({
        format: 'hoster-template-bundle',
        version: 1,
        template: { manifest: manifestFor(), compose: text },
      }),
    ),
];

const CODE = /^[a-z]+:[a-z-]+$/;
const checkIssues = (issues: ValidationIssue[]) => {
  for (const issue of issues) {
    expect(issue.code).toMatch(CODE);
    expect(typeof issue.message).toBe('string');
    expect(issue.code).not.toBe('import:internal');
  }
};
const checkReport = (report: ValidationReport) => {
  checkIssues(report.errors);
  checkIssues(report.warnings);
  if (report.compose) expect(report.errors).toEqual([]);
};

/** CPU time of this process, so other work on a busy machine does not count against the cases. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

describe('hostile and broken input', () => {
  it('never throws, always answers with typed issues, and stays fast: 1,000 cases', () => {
    const cases = GENERATORS.flatMap(([kind, count, make]) =>
      Array.from({ length: count }, () => ({ kind, text: make() })),
    );
    expect(cases).toHaveLength(1000);
    const slowest = { ms: 0, kind: '' };
    const started = cpuMs();
    cases.forEach(({ kind, text }, index) => {
      const caseStarted = cpuMs();
      const manifest =
        index % 7 === 0
          ? mutate(readFileSync(join(CATALOG, 'nginx', 'template.yaml'), 'utf8'))
          : manifestFor();
      const report = validateTemplate({ manifest, compose: text });
      checkReport(report);
      if (kind === 'dangerous options' && report.errors.length === 0)
        expect(report.warnings.some((w) => w.code.startsWith('policy:'))).toBe(true);
      if (kind === 'alias bomb' || kind === 'deep nesting' || kind === 'multiple documents')
        expect(report.errors.length).toBeGreaterThan(0);
      const imported = (IMPORTERS[index % IMPORTERS.length] ?? importCompose)(text);
      checkIssues(imported.errors);
      imported.templates.forEach((t) => checkReport(t.report));
      const ms = cpuMs() - caseStarted;
      if (ms > slowest.ms) Object.assign(slowest, { ms, kind });
    });
    const total = cpuMs() - started;
    expect(slowest.ms, `slowest case: ${slowest.kind}`).toBeLessThan(3000);
    expect(total).toBeLessThan(25_000);
  }, 30_000);
});

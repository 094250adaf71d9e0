/**
 * How long importing a whole app store takes: a 167-app CasaOS store (one import per app, as the
 * store ships them, cycling through the thirty real apps in fixtures/casaos-store) and a
 * 137-template Portainer list (one file), built from the importers' own fixtures with distinct
 * names. The peer is reading the same files as YAML/JSON alone, in the same run: what the
 * conversion, validation and safety policy add. Goal: under 5 s each.
 * Run: npx tsx --tsconfig tsconfig.node.json tests/bench/imports.bench.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { importCasaOsApp, importPortainerTemplates } from '../../src/main/core/templates';
import { medianMs } from './median';

const FIXTURES = join(import.meta.dirname, '../../src/main/core/templates/fixtures');
const CASAOS_APPS = 167;
const PORTAINER_TEMPLATES = 137;
const RUNS = 5;

const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

/** The store: the thirty real App Store apps in turn, each app id made unique so no two apps are the same. */
const casaos = readdirSync(join(FIXTURES, 'casaos-store'))
  .filter((file) => file.endsWith('.yml'))
  .map((file) => `casaos-store/${file}`);
const store = Array.from({ length: CASAOS_APPS }, (_, i) => {
  const text = read(casaos[i % casaos.length] ?? '');
  return text.replace(/^name: *(\S+)/m, (_line, id: string) => `name: ${id}${String(i)}`);
});

/** The list: the v2 fixture's templates in turn, each titled apart. */
const templates = (JSON.parse(read('portainer-v2.json')) as { templates: Record<string, unknown>[] })
  .templates;
const list = JSON.stringify({
  version: '2',
  templates: Array.from({ length: PORTAINER_TEMPLATES }, (_, i) => {
    const template = templates[i % templates.length] ?? {};
    return { ...template, title: `${String(template.title)} ${String(i)}` };
  }),
});


let imported = 0;
const casaosMs = await medianMs(RUNS, () => {
  imported = store.filter((app) => importCasaOsApp(app).templates.length === 1).length;
});
const casaosReadMs = await medianMs(RUNS, () => {
  for (const app of store) parse(app);
});
let listed = 0;
const portainerMs = await medianMs(RUNS, () => {
  listed = importPortainerTemplates(list).templates.length;
});
const portainerReadMs = await medianMs(RUNS, () => {
  JSON.parse(list);
});

const row = (what: string, ms: number, peerMs: number, outcome: string) =>
  `${what.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   (reading alone ${peerMs.toFixed(1)} ms)   ${outcome}   goal < 5000 ms: ${ms < 5000 ? 'within goal' : 'OVER GOAL'}`;
console.log(
  [
    '',
    `Store imports (median of ${String(RUNS)})`,
    row(`CasaOS store, ${String(CASAOS_APPS)} apps`, casaosMs, casaosReadMs, `${String(imported)} imported`),
    row(
      `Portainer list, ${String(PORTAINER_TEMPLATES)} templates`,
      portainerMs,
      portainerReadMs,
      `${String(listed)} imported`,
    ),
    '',
  ].join('\n'),
);

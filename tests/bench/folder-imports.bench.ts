/**
 * How long a folder or zip import takes: the 20 awesome-compose sample folders (compose file plus
 * the files they bind), and one zip at the reader's limits (2000 entries, a sample folder among
 * them). The peers are importing the same compose files alone, and inflating the zip's entries
 * with node:zlib alone: what finding the compose file, reading the folder and the zip's guards add.
 * Run: npx tsx --tsconfig tsconfig.node.json tests/bench/folder-imports.bench.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ImportFile } from '../../src/shared/contract/import-files';
import { importCompose, importFolder } from '../../src/main/core/templates';
import { zipOf } from '../../src/main/core/templates/zip-test-support';
import { medianMs } from './median';

const SAMPLES = join(import.meta.dirname, '../../src/main/core/templates/folder-fixtures/awesome-compose');
const RUNS = 5;
/** The one bound file the fixtures leave out for its size (1.9 MB): a picked folder sends it without content. */
const LARGE_LOG: ImportFile = { path: 'elasticsearch-logstash-kibana/logstash/nginx.log', content: null };

const folders: ImportFile[][] = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const dir = join(SAMPLES, entry.name);
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((file) => file.isFile())
      .map((file): ImportFile => {
        const path = join(file.parentPath, file.name);
        return { path: `${entry.name}/${relative(dir, path)}`, content: readFileSync(path, 'utf8') };
      })
      .concat(entry.name === 'elasticsearch-logstash-kibana' ? [LARGE_LOG] : []);
  });
const composeTexts = folders.map(
  (files) => files.find((f) => /(^|\/)(docker-)?compose\.ya?ml$/.test(f.path))?.content ?? '',
);

/** prometheus-grafana, plus filler text files up to the reader's 2000 entries. */
const sample = folders.find((files) => files.some((f) => f.path.startsWith('prometheus-grafana/'))) ?? [];
const filler = Array.from({ length: 2000 - sample.length }, (_, i) => ({
  name: `prometheus-grafana/docs/page-${String(i)}.md`,
  data: Buffer.from(`# Page ${String(i)}\n${'Some words of documentation. '.repeat(40)}\n`),
}));
const zip = zipOf([...sample.map((f) => ({ name: f.path, data: Buffer.from(f.content ?? '') })), ...filler]);
const zipBase64 = zip.toString('base64');
const deflated = filler.map((entry) => deflateRawSync(entry.data));


let valid = 0;
const foldersMs = await medianMs(RUNS, () => {
  valid = folders.filter((files) => {
    const imported = importFolder({ files }).templates[0];
    return imported !== undefined && imported.report.errors.length === 0;
  }).length;
});
const composeMs = await medianMs(RUNS, () => {
  for (const text of composeTexts) importCompose(text);
});
const importZip = () => importFolder({ zip: zipBase64 }, 'prometheus-grafana.zip');
const zipMs = await medianMs(RUNS, () => void importZip());
const zipValid = importZip().templates[0]?.report.errors.length === 0;
const inflateMs = await medianMs(RUNS, () => {
  for (const data of deflated) inflateRawSync(data);
});

const row = (what: string, ms: number, peer: string, peerMs: number, outcome: string) =>
  `${what.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms   (${peer} ${peerMs.toFixed(1)} ms)   ${outcome}`;
console.log(
  [
    '',
    `Folder and zip imports (median of ${String(RUNS)})`,
    row(
      `${String(folders.length)} awesome-compose folders`,
      foldersMs,
      'compose files alone',
      composeMs,
      `${String(valid)} valid`,
    ),
    row(
      `zip, 2000 entries, ${(zip.length / 1024).toFixed(0)} KB`,
      zipMs,
      'inflating alone',
      inflateMs,
      zipValid ? 'valid' : 'NOT VALID',
    ),
    '',
  ].join('\n'),
);

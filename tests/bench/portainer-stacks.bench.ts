/**
 * Portainer's public list with its stack files: importing the 26 templates once the 11 stack files
 * are given (peer: reading the same JSON and YAML alone), and downloading those files through
 * `templates:fetch-remote`'s fetcher from a local server (peer: plain fetch of the same files, in
 * parallel). Goals: the import under 1 s; the 11 files under 1 s locally, where the fetcher's cost
 * over its peer is the guarded YAML read that checks each file is compose (a few ms a file), small
 * beside a real download from GitHub.
 * Run: npx tsx --tsconfig tsconfig.node.json tests/bench/portainer-stacks.bench.ts
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createRemoteFileFetcher } from '../../src/main/core/marketplace/remote-files';
import { importPortainerTemplates } from '../../src/main/core/templates';
import { medianMs } from './median';

const FOLDER = join(import.meta.dirname, '../fixtures/imports/portainer-public');
const RAW = /^https:\/\/raw\.githubusercontent\.com\/portainer\/templates\/(?:HEAD|master)\//;
const RUNS = 5;

const list = readFileSync(join(FOLDER, 'templates-2.0.json'), 'utf8');
const pending = importPortainerTemplates(list).pending ?? [];
const textOf = (url: string) => readFileSync(join(FOLDER, 'stacks', url.replace(RAW, '')), 'utf8');
const remoteFiles = pending.map((stack) => ({ url: stack.url, text: textOf(stack.url) }));


let valid = 0;
const importMs = await medianMs(RUNS, () => {
  valid = importPortainerTemplates(list, { remoteFiles }).templates.filter(
    (t) => t.report.errors.length === 0,
  ).length;
});
const readMs = await medianMs(RUNS, () => {
  JSON.parse(list);
  for (const file of remoteFiles) parse(file.text);
});

const byPath = new Map(
  remoteFiles.map((file) => [`/raw.githubusercontent.com${new URL(file.url).pathname}`, file.text]),
);
const server = createServer((request, response) => {
  const text = byPath.get(request.url ?? '');
  response.statusCode = text === undefined ? 404 : 200;
  response.end(text ?? 'not found');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const fetcher = createRemoteFileFetcher({ rawFilesBase: base });
const urls = remoteFiles.map((file) => file.url);
let fetched = 0;
const fetchMs = await medianMs(RUNS, async () => {
  fetched = (await fetcher(urls)).files.length;
});
const plainMs = await medianMs(RUNS, () =>
  Promise.all([...byPath.keys()].map(async (path) => (await fetch(`${base}${path}`)).text())),
);
server.closeAllConnections();
server.close();

const row = (label: string, ms: number, peer: string, result: string, goal: string) =>
  console.log(`${label.padEnd(46)}${ms.toFixed(1).padStart(8)} ms   (${peer})   ${result}   ${goal}`);
console.log('\nPortainer stacks (median of 5)');
row(
  `Import 26 templates + ${remoteFiles.length} stack files`,
  importMs,
  `reading alone ${readMs.toFixed(1)} ms`,
  `${valid}/26 valid`,
  `goal < 1000 ms: ${importMs < 1000 ? 'within goal' : 'MISSED'}`,
);
row(
  `Fetch ${urls.length} stack files (local server)`,
  fetchMs,
  `plain fetch ${plainMs.toFixed(1)} ms`,
  `${fetched} fetched`,
  `goal < 1000 ms: ${fetchMs < 1000 ? 'within goal' : 'MISSED'}`,
);

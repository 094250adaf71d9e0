import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseLogReads, logFilesScript, parseLogMarks } from './log-files';

const JSON_FILE = 'a'.repeat(64);
const LOCAL = 'b'.repeat(64);
const OTHER_DRIVER = 'c'.repeat(64);

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A data root laid out as the engine does: one json-file container, one local, one with no file. */
function dataRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "hoster logs 'root "));
  roots.push(root);
  mkdirSync(join(root, 'containers', JSON_FILE), { recursive: true });
  writeFileSync(join(root, 'containers', JSON_FILE, `${JSON_FILE}-json.log`), '{"log":"one\\n"}\n');
  mkdirSync(join(root, 'containers', LOCAL, 'local-logs'), { recursive: true });
  writeFileSync(join(root, 'containers', LOCAL, 'local-logs', 'container.log'), 'x');
  mkdirSync(join(root, 'containers', OTHER_DRIVER), { recursive: true });
  return root;
}

const run = (script: string) => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

describe('log file marks', () => {
  it('are printed for json-file and local files, and absent for a container with no file', () => {
    const root = dataRoot();
    const marks = parseLogMarks(run(logFilesScript(root, [JSON_FILE, LOCAL, OTHER_DRIVER, 'not-an-id'])));
    expect([...marks.keys()].sort()).toEqual([JSON_FILE, LOCAL]);
    expect(marks.get(JSON_FILE)).toMatch(/^\d+ 16 \d+$/);
    expect(marks.get(LOCAL)).toMatch(/^\d+ 1 \d+$/);
  });

  it('change when the file grows or is replaced by a smaller one, and stay while it is untouched', () => {
    const root = dataRoot();
    const file = join(root, 'containers', JSON_FILE, `${JSON_FILE}-json.log`);
    const read = () => parseLogMarks(run(logFilesScript(root, [JSON_FILE]))).get(JSON_FILE);
    const first = read();
    expect(read()).toBe(first);
    appendFileSync(file, '{"log":"two\\n"}\n');
    const grown = read();
    expect(grown).not.toBe(first);
    rmSync(file);
    writeFileSync(file, '{}\n');
    expect(read()).toMatch(/^\d+ 3 \d+$/);
  });

  it('print nothing for no valid container id', () => {
    expect(logFilesScript('/var/lib/docker', ['abc'])).toBe('');
  });
});

describe('which containers are asked for new lines', () => {
  const last = new Map([
    ['quiet', '7 100 1000'],
    ['writing', '8 100 1000'],
    ['rotated', '9 5000 1000'],
    ['stopped', '10 100 1000'],
  ]);

  it('skips a file as it was at the last read and asks the rest', () => {
    const current = new Map([
      ['quiet', '7 100 1000'],
      ['writing', '8 180 1001'],
      ['rotated', '11 40 1002'],
      ['new', '12 10 1003'],
      ['stopped', '10 100 1000'],
    ]);
    const due = ['quiet', 'writing', 'rotated', 'new', 'unreadable', 'stopped'];
    expect(chooseLogReads({ due, final: new Set(['stopped']), current, last })).toEqual([
      'writing',
      'rotated',
      'new',
      'unreadable',
      'stopped',
    ]);
  });

  it('asks every due container where the files could not be read', () => {
    expect(chooseLogReads({ due: ['quiet', 'writing'], final: new Set(), current: null, last })).toEqual([
      'quiet',
      'writing',
    ]);
  });
});

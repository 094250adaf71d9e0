import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

describe('layering', () => {
  it('no file under src/main/core or src/main/serve imports electron', () => {
    const offenders = [...sourceFiles(join(root, 'src/main/core')), ...sourceFiles(join(root, 'src/main/serve'))].filter((file) =>
      importsOf(file).some((spec) => spec === 'electron' || spec.startsWith('electron/') || spec.includes('/desktop/')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('src/shared imports only zod and itself (its tests may import vitest and fast-check; template patterns, re2js)', () => {
    const mayImport = (file: string, spec: string) =>
      spec === 'zod' ||
      spec.startsWith('.') ||
      (file.endsWith('.test.ts') && (spec === 'vitest' || spec === 'fast-check')) ||
      (/template-pattern(\.test)?\.ts$/.test(file) && spec === 're2js');
    const offenders = sourceFiles(join(root, 'src/shared')).filter((file) =>
      importsOf(file).some((spec) => !mayImport(file, spec)),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('the renderer never imports main, preload or node builtins', () => {
    const offenders = sourceFiles(join(root, 'src/renderer')).filter((file) =>
      importsOf(file).some((spec) => spec.startsWith('node:') || spec === 'electron' || /\/(main|preload)\//.test(spec)),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});

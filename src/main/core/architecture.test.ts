import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const coreDir = join(root, 'src/main/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string): string[] =>
  [
    ...readFileSync(file, 'utf8').matchAll(
      /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g,
    ),
  ].map((m) => m[1] ?? '');

/**
 * The core's features and, for each, the features it may import (through their index.ts). A new
 * edge is a design decision: add it here and to that feature's README, or pass a port instead.
 */
const featureEdges: Record<string, readonly string[]> = {
  backups: ['deployments'],
  billing: [],
  cloud: [],
  deployments: ['templates'],
  domains: [],
  inventory: ['deployments'],
  keys: [],
  marketplace: ['templates'],
  monitoring: ['deployments'],
  nodes: ['keys'],
  registries: [],
  system: [],
  templates: [],
  terminal: ['deployments'],
};
const features = Object.keys(featureEdges);
/** Building blocks every feature may use by file; none of them imports a feature. */
const platform = ['db', 'docker', 'events', 'jobs', 'scheduler', 'secrets', 'settings', 'ssh'];

const coreFolders = readdirSync(coreDir).filter((name) => statSync(join(coreDir, name)).isDirectory());
/** The core folder a path lies in, '' for the core's own files. */
const folderOf = (path: string): string => {
  const inCore = relative(coreDir, path).split(sep);
  return inCore.length > 1 ? (inCore[0] ?? '') : '';
};

/** The core folder an import resolves into: `../nodes` is the folder (its index), `../clock` a core file. */
const folderOfTarget = (target: string): string =>
  existsSync(target) && statSync(target).isDirectory()
    ? folderOf(join(target, 'index.ts'))
    : folderOf(target);

/** Every relative import that crosses from one core folder (or the core's own files) into another. */
const crossings = sourceFiles(coreDir).flatMap((file) =>
  importsOf(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const target = resolve(dirname(file), spec);
      return { file, spec, target, from: folderOf(file), to: folderOfTarget(target) };
    })
    .filter(({ target, from, to }) => !relative(coreDir, target).startsWith('..') && to !== from),
);
const show = ({ file, spec }: { file: string; spec: string }) => `${relative(root, file)} → ${spec}`;

describe('layering', () => {
  it('no file under src/main/core or src/main/serve imports electron', () => {
    const offenders = [...sourceFiles(coreDir), ...sourceFiles(join(root, 'src/main/serve'))].filter((file) =>
      importsOf(file).some(
        (spec) => spec === 'electron' || spec.startsWith('electron/') || spec.includes('/desktop/'),
      ),
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
      importsOf(file).some(
        (spec) => spec.startsWith('node:') || spec === 'electron' || /\/(main|preload)\//.test(spec),
      ),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});

describe('core feature boundaries', () => {
  it('every core folder is either a feature with one index.ts or a platform folder without one', () => {
    expect([...coreFolders].sort()).toEqual([...features, ...platform].sort());
    expect(features.filter((name) => !existsSync(join(coreDir, name, 'index.ts')))).toEqual([]);
    // eslint.config.js tells features by their index.ts: a platform folder with one would change the rule.
    expect(platform.filter((name) => existsSync(join(coreDir, name, 'index.ts')))).toEqual([]);
  });

  it("reaches a feature only through its index.ts (tests may borrow another feature's test-support)", () => {
    const offenders = crossings.filter(({ target, to }) => {
      if (!features.includes(to)) return false;
      const inside = relative(join(coreDir, to), target);
      return inside !== '' && inside !== 'index' && inside !== 'test-support';
    });
    expect(offenders.map(show)).toEqual([]);
  });

  it('features import exactly the features listed above, and platform folders import none', () => {
    const edges = new Map(features.map((name) => [name, new Set<string>()]));
    for (const { from, to } of crossings) if (features.includes(to)) edges.get(from)?.add(to);
    expect(Object.fromEntries([...edges].map(([name, targets]) => [name, [...targets].sort()]))).toEqual(
      featureEdges,
    );
    expect(
      crossings.filter(({ from, to }) => platform.includes(from) && features.includes(to)).map(show),
    ).toEqual([]);
  });

  it('each folder README says what it may import, naming exactly the features it does', () => {
    const mayImport = (folder: string): string | undefined => {
      const readme = join(coreDir, folder, 'README.md');
      if (!existsSync(readme)) return undefined;
      return /(?:^|\n)May import:([\s\S]*?)(?:\n\n|\n?$)/.exec(readFileSync(readme, 'utf8'))?.[1];
    };
    const named = (folder: string) =>
      [...(mayImport(folder) ?? '').matchAll(/`\.\.\/([a-z-]+)`/g)]
        .map((m) => m[1] ?? '')
        .filter((name) => features.includes(name))
        .sort();
    expect(coreFolders.filter((folder) => mayImport(folder) === undefined)).toEqual([]);
    expect(Object.fromEntries(features.map((name) => [name, named(name)]))).toEqual(featureEdges);
    expect(Object.fromEntries(platform.map((name) => [name, named(name)]))).toEqual(
      Object.fromEntries(platform.map((name) => [name, []])),
    );
  });
});

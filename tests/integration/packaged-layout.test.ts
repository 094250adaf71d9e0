/**
 * What `npm run build` leaves is what electron-builder packs (`files: out/**`, `extraResources:
 * resources`): the main process, browser mode, the preload, the renderer and the resources, and every
 * package the built main process imports is a runtime dependency, so the installer carries it (it
 * leaves devDependencies out) — including the native module, built for this Node.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};
const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  extraResources: { from: string; to: string }[];
};

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
const packageOf = (specifier: string) =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

function importsOf(folder: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.js')) continue;
    const code = readFileSync(join(folder, entry), 'utf8');
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\(\s*|\brequire\(\s*)"(@?[a-z0-9][\w./@-]*)"/g))
      found.add(packageOf(match[1] ?? ''));
  }
  return found;
}

describe('the built app, as electron-builder packs it', () => {
  it('has the main process, browser mode, the preload, the renderer and the resources where they are looked for', () => {
    for (const file of [
      pkg.main,
      'out/main/serve.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'resources/icon.png',
      'resources/templates',
    ])
      expect(existsSync(join(root, file)), file).toBe(true);
    expect(builder.files).toContain('out/**');
    expect(builder.extraResources).toContainEqual(
      expect.objectContaining({ from: 'resources', to: 'resources' }),
    );
  });

  it('imports only Node, Electron and runtime dependencies from its main process', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const imported = [...importsOf(join(root, 'out/main'))].filter((name) => !builtins.has(name));
    expect(imported).toContain('better-sqlite3');
    const missing = imported.filter((name) => name !== 'electron' && !(name in pkg.dependencies));
    expect(missing).toEqual([]);
  });

  it("finds better-sqlite3's native module", () => {
    const require = createRequire(join(root, 'package.json'));
    const packageDir = join(require.resolve('better-sqlite3/package.json'), '..');
    expect(existsSync(join(packageDir, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });
});

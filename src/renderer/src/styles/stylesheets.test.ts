import { describe, expect, it } from 'vitest';

interface FileReader {
  readFileSync(path: URL, encoding: 'utf8'): string;
}
/*
 * Vitest blanks every CSS import, `?raw` included, unless its config turns CSS on; the renderer's
 * lint forbids `node:` imports and its types have no Node. So the glob lists the files and Node's
 * own fs, asked for at run time, reads them.
 */
const fs = (globalThis as unknown as { process: { getBuiltinModule(id: 'node:fs'): FileReader } }).process.getBuiltinModule('node:fs');
const sheets = Object.fromEntries(
  Object.keys(import.meta.glob('../**/*.css')).map((path) => [path, fs.readFileSync(new URL(path, import.meta.url), 'utf8')]),
);

/**
 * The classes a sheet puts into the page's one global namespace: every class in a global sheet's
 * selectors, and in a CSS module only those it wraps in `:global(...)` (its own names are made
 * unique per file by the build).
 */
function globalClassesOf(path: string, text: string): Set<string> {
  const selectors = [...text.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{/g)]
    .map((match) => match[1] ?? '')
    .filter((selector) => !selector.trim().startsWith('@'));
  const isModule = path.endsWith('.module.css');
  const classes = new Set<string>();
  for (const selector of selectors) {
    const scopes = isModule ? [...selector.matchAll(/:global\(([^)]*)\)/g)].map((m) => m[1] ?? '') : [selector];
    for (const scope of scopes) for (const name of scope.matchAll(/\.([a-zA-Z_][\w-]*)/g)) classes.add(name[1] ?? '');
  }
  return classes;
}

function definedTwice(files: Record<string, string>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [path, text] of Object.entries(files))
    for (const name of globalClassesOf(path, text)) owners.set(name, [...(owners.get(name) ?? []), path]);
  return new Map([...owners].filter(([, paths]) => paths.length > 1));
}

describe('stylesheets', () => {
  it('finds the renderer stylesheets', () => {
    expect(Object.keys(sheets)).toContain('./primitives.css');
  });

  it('defines no global class in two stylesheets', () => {
    expect(Object.fromEntries(definedTwice(sheets))).toEqual({});
  });

  it('tells a clash in global sheets and in :global() from module-local names', () => {
    const clashes = definedTwice({
      'a.css': '.card { padding: 0 } .only-a { color: red }',
      'b.css': '@media print { .card, .x > .y { display: none } }',
      'c.module.css': '.only-a { color: blue } .z :global(.y) { margin: 0 }',
      'd.module.css': '.only-a { color: green }',
    });
    expect(Object.fromEntries(clashes)).toEqual({ card: ['a.css', 'b.css'], y: ['b.css', 'c.module.css'] });
  });
});

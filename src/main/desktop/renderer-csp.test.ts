import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import electronViteConfig from '../../../electron.vite.config';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';

const root = join(import.meta.dirname, '..', '..', '..');
const rendererRoot = join(root, 'src/renderer');

type Policy = Map<string, string[]>;

/** The page's markup without its comments, which may name tags in prose. */
const markup = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '');

function parsePolicy(text: string): Policy {
  const policy: Policy = new Map();
  for (const directive of text.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

function metaPolicy(html: string): { policy: Policy; index: number } {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i.exec(html);
  if (!match?.[1]) throw new Error('index.html has no Content-Security-Policy meta');
  return { policy: parsePolicy(match[1]), index: match.index };
}

/** What a directive allows, falling back to default-src as browsers do for fetch directives. */
const sourcesOf = (policy: Policy, directive: string) =>
  policy.get(directive) ?? policy.get('default-src') ?? [];

/** The checks that hold for the page as written and as built. */
function expectStrictPolicy(html: string) {
  const { policy, index } = metaPolicy(html);
  for (const directive of ['script-src', 'connect-src']) {
    // Only keywords: no host, no scheme (ws:, https:), no wildcard, no 'unsafe-inline' or 'unsafe-eval'.
    expect(sourcesOf(policy, directive), directive).toEqual(["'self'"]);
  }
  expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  // A meta policy governs only what comes after it in the document.
  const firstResource = html.search(/<(script|link|style)\b/i);
  expect(firstResource).toBeGreaterThan(index);
}

describe('the renderer page policy', () => {
  const source = markup(readFileSync(join(rendererRoot, 'index.html'), 'utf8'));

  it('index.html carries a strict CSP meta before anything it loads', () => {
    expectStrictPolicy(source);
  });

  it('is no looser than the header browser mode sends, and carries every directive a meta can', () => {
    const meta = metaPolicy(source).policy;
    const header = parsePolicy(CONTENT_SECURITY_POLICY);
    for (const [directive, sources] of meta) {
      expect(sourcesOf(header, directive), directive).toEqual(expect.arrayContaining(sources));
    }
    // A meta cannot set frame-ancestors (browsers ignore it there); the header does.
    const missing = [...header.keys()].filter(
      (directive) => directive !== 'frame-ancestors' && !meta.has(directive),
    );
    expect(missing).toEqual([]);
  });

  describe('as built', () => {
    let out: ReturnType<typeof makeTempDir>;
    let built = '';

    beforeAll(async () => {
      out = makeTempDir('hoster-renderer-build-');
      await build({
        ...electronViteConfig.renderer,
        configFile: false,
        root: rendererRoot,
        base: './',
        logLevel: 'silent',
        build: { outDir: out.path, emptyOutDir: true },
      });
      built = markup(readFileSync(join(out.path, 'index.html'), 'utf8'));
    }, 60_000);
    afterAll(() => out.remove());

    it('keeps the policy', () => {
      expect(metaPolicy(built).policy).toEqual(metaPolicy(source).policy);
      expectStrictPolicy(built);
    });

    it('has no inline script or style for the policy to block', () => {
      const scripts = [...built.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes = '', body = ''] of scripts) {
        expect(attributes).toMatch(/\bsrc="\.\/assets\//);
        expect(body.trim()).toBe('');
      }
      expect(built).not.toMatch(/<style\b|\sstyle="/i);
    });
  });
});

import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import {
  checkPattern,
  compiledPatternCacheSize,
  matchesPattern,
  maxPatternLength,
  maxPatternSize,
  maxVariableValueLength,
} from './template-pattern';

const unsupported = (feature: string) =>
  `uses ${feature}, which is not supported; patterns run in linear time (RE2 syntax)`;
const problemOf = (pattern: string) => {
  const check = checkPattern(pattern);
  return check.ok ? null : check.problem;
};

const a4k = 'a'.repeat(maxVariableValueLength);
const a4kThenBang = `${'a'.repeat(maxVariableValueLength - 1)}!`;

describe('matchesPattern on hostile values', () => {
  // A backtracking engine (JavaScript's RegExp) takes longer than the age of the universe on these;
  // with it, each case would hang past vitest's timeout and fail.
  it.each([
    ['(a+)+$', a4kThenBang, false],
    ['(a+)+$', a4k, true],
    ['(a|aa)+$', a4kThenBang, false],
    ['(a|aa)+$', a4k, true],
    ['(.*a){20}', `${'a'.repeat(maxVariableValueLength - 1)}b`, false],
    ['(.*a){20}', a4k, true],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', a4kThenBang, false],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', `${'a'.repeat(maxVariableValueLength - 3)}Xyz`, true],
  ])('%s on a 4 KiB value gives the right answer', (pattern, value, expected) => {
    expect(checkPattern(pattern).ok).toBe(true);
    expect(matchesPattern(pattern, value)).toBe(expected);
  });

  it('refuses a value over the cap without running the pattern', () => {
    expect(matchesPattern('a*', a4k)).toBe(true);
    expect(matchesPattern('a*', `${a4k}a`)).toBe(false);
  });
});

describe('matchesPattern on ordinary patterns', () => {
  it.each([
    ['[a-z0-9-]+', 'my-app-2', true],
    ['[a-z0-9-]+', 'My_App', false],
    ['\\d{1,5}', '12345', true],
    ['\\d{1,5}', '123456', false],
    ['\\d{1,5}', '', false],
    ['\\p{L}+', 'héllo', true],
    ['\\p{L}+', 'Ωμέγα日本語', true],
    ['\\p{L}+', 'abc1', false],
    ['\\p{Greek}+', 'Ωμέγα', true],
    ['\\x{e9}t\\x{e9}', 'été', true],
    ['(?i)ok', 'OK', true],
    ['[A-Za-z0-9_.* -]{1,253}', '*.example.org', true],
  ])('%s on %j is %s', (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
  });

  it('matches the whole value, as ^(?:pattern)$ does', () => {
    expect(matchesPattern('a|ab', 'ab')).toBe(true);
    expect(matchesPattern('[a-z]+', 'abc1')).toBe(false);
    expect(matchesPattern('[a-z]+', '1abc')).toBe(false);
    expect(matchesPattern('[a-z]+', 'abc\n')).toBe(false);
  });

  it('reads the value by code point, as the u flag does', () => {
    expect(matchesPattern('.', '😀')).toBe(true);
    expect(matchesPattern('..', '😀')).toBe(false);
    expect(matchesPattern('[😀-😂]{2}', '😁😂')).toBe(true);
  });

  it('never matches with a pattern it refuses', () => {
    expect(matchesPattern('(a)\\1', 'aa')).toBe(false);
  });
});

describe('compiled patterns kept for reuse', () => {
  it('judges every pattern the same when asked again, before and after it left the cache', () => {
    const counts = Array.from({ length: compiledPatternCacheSize * 2 }, (_, i) => i + 1);
    const verdicts = () => [
      matchesPattern('[a-z]+@x', 'me@x'),
      matchesPattern('[a-z]+@x', 'me@y'),
      problemOf('(?=a)'),
      ...counts.flatMap((n) => [
        matchesPattern(`a{${n}}`, 'a'.repeat(n)),
        matchesPattern(`a{${n}}`, 'a'.repeat(n + 1)),
      ]),
    ];
    const first = verdicts();
    expect(first.slice(0, 3)).toEqual([true, false, unsupported('lookahead')]);
    expect(first.slice(3)).toEqual(counts.flatMap(() => [true, false]));
    expect(verdicts()).toEqual(first);
  });
});

describe('checkPattern', () => {
  it.each([
    ['(?=a)a', 'lookahead'],
    ['a(?!b).', 'lookahead'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'lookbehind'],
    ['(a)\\1', 'a backreference'],
    ['(?<n>a)\\k<n>', 'a backreference'],
    ['(?P<n>a)(?P=n)', 'a backreference'],
    ['(?>a+)b', 'an atomic group'],
    ['a++b', 'a possessive quantifier'],
  ])('refuses %s: it uses %s', (pattern, feature) => {
    expect(problemOf(pattern)).toBe(unsupported(feature));
  });

  it('reads those characters as literals inside a class, a quote or after a backslash', () => {
    expect(problemOf('[(?=]+')).toBeNull();
    expect(problemOf('\\(?=')).toBeNull();
    expect(problemOf('\\Q(?=\\1\\E')).toBeNull();
    expect(problemOf('\\\\1')).toBeNull();
  });

  it('passes on what RE2 finds wrong with other syntax', () => {
    expect(problemOf('[a-z')).toBe('is not valid RE2 syntax (missing closing ]: `[a-z`)');
    expect(problemOf('\\u00e9')).toBe('is not valid RE2 syntax (invalid escape sequence: `\\u`)');
    expect(problemOf('a)|(b')).toMatch(/^is not valid RE2 syntax/);
  });

  it('caps the length of a pattern', () => {
    // A long pattern that compiles small: one instruction per class.
    expect(problemOf('[ab]'.repeat(Math.floor(maxPatternLength / 4)))).toBeNull();
    expect(problemOf('a'.repeat(maxPatternLength + 1))).toBe(`is longer than ${maxPatternLength} characters`);
  });

  it('refuses a pattern that compiles to more than the budget, before compiling it', () => {
    const tooLarge = `is too large with its repetitions written out (more than ${maxPatternSize} RE2 instructions); use smaller counts`;
    expect(problemOf('(?:.{0,490}a)*b')).toBeNull();
    expect(problemOf('(?:.{0,520}a)*b')).toBe(tooLarge);
    expect(problemOf('(?:a|.){0,990}b')).toBe(tooLarge);
    expect(problemOf('(?:a{1000}){1000}')).toBe(tooLarge);
    expect(problemOf('.{0,1000}'.repeat(100))).toBe(tooLarge);
    expect(problemOf(`(?:${'(?:'.repeat(100)}a${'){9}'.repeat(100)})`)).toBe(tooLarge);
  });

  it('gives the size of the built-in templates’ largest pattern', () => {
    expect(checkPattern('[A-Za-z0-9_.* -]{1,253}')).toEqual({ ok: true, size: 507 });
  });
});

describe('the size estimate', () => {
  it('never accepts a pattern that RE2 compiles to more than the budget', () => {
    fc.assert(
      fc.property(patternsNearTheBudget(), (p) => {
        if (checkPattern(p).ok) expect(RE2JS.compile(p).programSize()).toBeLessThanOrEqual(maxPatternSize);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Patterns of nested groups, alternatives and counts, many of them near the size budget. */
function patternsNearTheBudget() {
  const atom = fc.constantFrom('a', '.', '[a-c]', '\\d', '\\p{L}', '(?i)k', '\\x{263a}', '^', '$', '\\b');
  const quantifier = (most: number) =>
    fc.oneof(
      fc.constantFrom('*', '+', '?', '*?'),
      fc
        .tuple(fc.nat(most), fc.nat(most), fc.constantFrom('', '?'))
        .map(([x, y, lazy]) => `{${Math.min(x, y)},${Math.max(x, y)}}${lazy}`),
      fc.nat(most).map((n) => `{${n}}`),
      fc.nat(most).map((n) => `{${n},}`),
    );
  const { node } = fc.letrec<{ node: string; seq: string; alt: string; group: string; repeat: string }>(
    (tie) => ({
      node: fc.oneof(
        { depthSize: 'small', maxDepth: 4 },
        atom,
        tie('seq'),
        tie('alt'),
        tie('group'),
        tie('repeat'),
      ),
      seq: fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
      alt: fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join('|')),
      group: fc
        .tuple(fc.constantFrom('(', '(?:', '(?P<n>', '(?i:'), tie('node'))
        .map(([open, inner]) => `${open}${inner})`),
      repeat: fc.tuple(tie('node'), quantifier(20)).map(([inner, q]) => `(?:${inner})${q}`),
    }),
  );
  // Large counts at the top, so that many patterns land near the budget, on either side of it.
  const pattern = fc
    .array(
      fc.tuple(node, quantifier(300)).map(([inner, q]) => `(?:${inner})${q}`),
      { minLength: 1, maxLength: 3 },
    )
    .map((parts) => parts.join(''));
  return pattern;
}

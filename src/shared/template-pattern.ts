import { RE2JS, RE2JSException } from 're2js';

/**
 * Template variable patterns, compiled and run by RE2 (re2js, pure JavaScript) so that matching
 * takes time linear in the value's length: a hostile template cannot freeze the app with a pattern
 * that backtracks. The core and the renderer both import this file, so a value is judged the same
 * way on both sides.
 *
 * The whole value must match, as with `^(?:pattern)$`, and it is read by code point, as with the
 * `u` flag. RE2 syntax differs from JavaScript's in places: no lookaround and no backreferences;
 * a code point is `\x{e9}` rather than `\u00e9`; `\p{L}` and `\p{Greek}` work, `\p{Letter}` and
 * `\p{Script=Greek}` do not; `\s` is ASCII only; `.` stops only at `\n`. See
 * https://github.com/google/re2/wiki/Syntax.
 */

export const maxPatternLength = 1024;

/** Values longer than this are refused before any pattern runs on them. */
export const maxVariableValueLength = 4096;

/**
 * How many RE2 instructions the patterns of one template may compile to, together; one pattern may
 * use all of it. Matching takes up to this many steps per character of the value, so this bounds the
 * time a check of all of a template's values can take, as the value cap bounds their length: at
 * 1,000, matching a 4 KiB value against the costliest shape found stays well under 100 ms.
 * `[A-Za-z0-9_.* -]{1,253}`, the largest pattern among the built-in templates, is 507.
 */
export const maxPatternSize = 1000;

interface Group {
  /** Instructions of the alternatives already ended by `|`, with the split before each. */
  closed: number;
  /** Instructions of the current alternative before its last atom. */
  before: number;
  /** Instructions of the last atom: what a quantifier after it repeats. */
  last: number;
  isCapturing: boolean;
}

/** What RE2 cannot do in linear time, by how it is written; RE2's own error would say only "invalid". */
const unsupported: readonly (readonly [RegExp, string])[] = [
  [/\(\?[=!]/y, 'lookahead'],
  [/\(\?<[=!]/y, 'lookbehind'],
  [/\\[1-9k]|\(\?P=/y, 'a backreference'],
  [/\(\?>/y, 'an atomic group'],
];
const FLAGS = /\(\?[A-Za-z-]*\)/y;
const GROUP_OPEN = /\((\?(?:P?<\w*>|[A-Za-z-]*:))?/y;
const BRACED_ESCAPE = /\\[pPx]\{[^}]*\}?/y;
const QUOTED = /\\Q([\s\S]*?)(?:\\E|$)/y;
const COUNTED = /\{(\d+)(?:(,)(\d*))?\}/y;

const matchAt = (re: RegExp, text: string, at: number): RegExpExecArray | null => {
  re.lastIndex = at;
  return re.exec(text);
};

/** Where the class opening at `start` ends, read as RE2 reads it: `[]a]` and `[[:alpha:]]` are one class. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i += 1;
  if (pattern[i] === ']') i += 1;
  while (i < pattern.length && pattern[i] !== ']') {
    const named = pattern.startsWith('[:', i) ? pattern.indexOf(':]', i + 2) : -1;
    const braced = matchAt(BRACED_ESCAPE, pattern, i);
    if (named >= 0) i = named + 2;
    else if (braced) i += braced[0].length;
    else i += pattern[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

/** The size of `atom` repeated between `min` and `max` times (`max` null: no upper bound), as RE2 compiles it. */
function repeated(atom: number, min: number, max: number | null): number {
  if (max === null) return min === 0 ? atom + 2 : min * atom + 1;
  if (max === 0) return 1;
  return min * atom + Math.max(0, max - min) * (atom + 1);
}

/** A pattern being read: where, the groups still open, and the one the reader is in. */
interface Scan {
  pattern: string;
  i: number;
  open: Group[];
  group: Group;
}

const newGroup = (isCapturing: boolean): Group => ({ closed: 0, before: 0, last: 0, isCapturing });
const alternative = (g: Group) => Math.max(1, g.before + g.last);

/** A new atom of `size` instructions: what a quantifier after it would repeat. */
function atom(scan: Scan, size: number): void {
  scan.group.before += scan.group.last;
  scan.group.last = size;
}

function closeGroup(scan: Scan, withCapture: boolean): void {
  const { group } = scan;
  const inner = group.closed + alternative(group) + (withCapture && group.isCapturing ? 2 : 0);
  scan.group = scan.open.pop() ?? group;
  atom(scan, inner);
}

/** Reads an escape, a quoted run, a class, flags or a group boundary at `scan.i`; false when none is there. */
function readStructure(scan: Scan): boolean {
  const { pattern, i } = scan;
  const c = pattern[i];
  const quoted = matchAt(QUOTED, pattern, i);
  const braced = matchAt(BRACED_ESCAPE, pattern, i);
  const flags = matchAt(FLAGS, pattern, i);
  if (quoted) {
    for (let k = 0; k < (quoted[1] ?? '').length; k += 1) atom(scan, 1);
    scan.i += quoted[0].length;
  } else if (braced) {
    atom(scan, 1);
    scan.i += braced[0].length;
  } else if (c === '\\') {
    atom(scan, 1);
    scan.i += 2;
  } else if (c === '[') {
    atom(scan, 1);
    scan.i = classEnd(pattern, i);
  } else if (flags) {
    scan.i += flags[0].length;
  } else if (c === '(') {
    const opener = matchAt(GROUP_OPEN, pattern, i);
    const kind = opener?.[1];
    scan.open.push(scan.group);
    scan.group = newGroup(kind === undefined || kind.includes('<'));
    scan.i += opener?.[0].length ?? 1;
  } else if (c === ')' && scan.open.length > 0) {
    closeGroup(scan, true);
    scan.i += 1;
  } else if (c === '|') {
    scan.group.closed += alternative(scan.group) + 1;
    scan.group.before = 0;
    scan.group.last = 0;
    scan.i += 1;
  } else return false;
  return true;
}

/** The size of the last atom repeated by a quantifier at `scan.i`, or null when none is there. */
function readQuantifier(scan: Scan): number | null {
  const { pattern, i, group } = scan;
  const c = pattern[i];
  if (c === '*' || c === '+' || c === '?') {
    scan.i += 1;
    return repeated(group.last, c === '+' ? 1 : 0, c === '?' ? 1 : null);
  }
  const counted = c === '{' ? matchAt(COUNTED, pattern, i) : null;
  if (!counted) return null;
  const min = Number(counted[1]);
  const max = counted[2] === undefined ? min : counted[3] === '' ? null : Number(counted[3]);
  scan.i += counted[0].length;
  return repeated(group.last, min, max);
}

/** One step of the reader: a construct RE2 refuses, or null after reading one token. */
function step(scan: Scan): { feature: string } | null {
  const feature = unsupported.find(([re]) => matchAt(re, scan.pattern, scan.i))?.[1];
  if (feature !== undefined) return { feature };
  if (readStructure(scan)) return null;
  const quantified = readQuantifier(scan);
  if (quantified === null) {
    atom(scan, 1);
    scan.i += 1;
    return null;
  }
  scan.group.last = quantified;
  if (scan.pattern[scan.i] === '+') return { feature: 'a possessive quantifier' };
  if (scan.pattern[scan.i] === '?') scan.i += 1;
  return null;
}

/**
 * Reads a pattern for the constructs RE2 refuses with a vague message, and estimates the size of
 * the program RE2 would compile it to, repetitions written out, without compiling it: a 1 KiB
 * pattern of large counts compiles to about a million instructions, which takes RE2 most of a second.
 * Stops as soon as one group alone passes `maxPatternSize`.
 */
function scanPattern(pattern: string): { feature: string } | { size: number } {
  const scan: Scan = { pattern, i: 0, open: [], group: newGroup(false) };
  while (scan.i < pattern.length) {
    const refused = step(scan);
    if (refused) return refused;
    const size = scan.group.closed + scan.group.before + scan.group.last;
    if (!(size <= maxPatternSize)) return { size };
  }
  while (scan.open.length > 0) closeGroup(scan, false);
  return { size: 2 + scan.group.closed + alternative(scan.group) };
}

export type PatternCheck = { ok: true; size: number } | { ok: false; problem: string };

type Compiled = { ok: true; size: number; re: RE2JS } | { ok: false; problem: string };

function compile(pattern: string): Compiled {
  if (pattern.length > maxPatternLength)
    return { ok: false, problem: `is longer than ${maxPatternLength} characters` };
  const scan = scanPattern(pattern);
  if ('feature' in scan)
    return {
      ok: false,
      problem: `uses ${scan.feature}, which is not supported; patterns run in linear time (RE2 syntax)`,
    };
  if (!(scan.size <= maxPatternSize))
    return {
      ok: false,
      problem: `is too large with its repetitions written out (more than ${maxPatternSize} RE2 instructions); use smaller counts`,
    };
  try {
    return { ok: true, size: scan.size, re: RE2JS.compile(pattern) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return {
      ok: false,
      problem: `is not valid RE2 syntax (${error.message.replace(/^error parsing regexp: /, '')})`,
    };
  }
}

/**
 * How many compiled patterns are kept. A template is checked several times on its way in (the
 * contract's schema, the manifest, the default values, each deploy), and RE2 keeps the states its
 * matcher built inside the compiled pattern, so a pattern seen again is neither compiled nor
 * explored again. Each entry holds at most RE2's own bounded state cache.
 */
export const compiledPatternCacheSize = 64;

const compiledPatterns = new Map<string, Compiled>();

/** `compile` through a small least-recently-used cache keyed by the pattern's text. */
function compileCached(pattern: string): Compiled {
  const cached = compiledPatterns.get(pattern);
  if (cached) {
    compiledPatterns.delete(pattern);
    compiledPatterns.set(pattern, cached);
    return cached;
  }
  const compiled = compile(pattern);
  compiledPatterns.set(pattern, compiled);
  if (compiledPatterns.size > compiledPatternCacheSize) {
    const oldest = compiledPatterns.keys().next();
    if (!oldest.done) compiledPatterns.delete(oldest.value);
  }
  return compiled;
}

/**
 * Whether `pattern` can be a variable's pattern: if so, about how many RE2 instructions it compiles
 * to; if not, why, worded to follow "its pattern".
 */
export function checkPattern(pattern: string): PatternCheck {
  const compiled = compileCached(pattern);
  return compiled.ok ? { ok: true, size: compiled.size } : compiled;
}

/**
 * Whether the whole of `value` matches `pattern`. A value longer than `maxVariableValueLength`, or a
 * pattern that `checkPattern` refuses, never matches.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  if (value.length > maxVariableValueLength) return false;
  const compiled = compileCached(pattern);
  return compiled.ok && compiled.re.testExact(value);
}

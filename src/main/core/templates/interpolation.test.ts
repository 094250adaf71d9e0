import { describe, expect, it } from 'vitest';
import {
  formatParts,
  inlineDefaults,
  parseInterpolation,
  referencedNames,
  substitute,
} from './interpolation';

const values: Record<string, string> = { SET: 'value', EMPTY: '' };
const lookup = (name: string) => values[name];

describe('compose interpolation', () => {
  it.each([
    ['${SET}', 'value'],
    ['$SET and $$SET', 'value and $SET'],
    ['${UNSET}', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${SET:+alternative}', 'alternative'],
    ['${EMPTY:+alternative}', ''],
    ['${EMPTY+alternative}', 'alternative'],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-a $$b}', 'a $b'],
    ['price: $$5', 'price: $5'],
  ])('%s → %s', (text, expected) => {
    expect(substitute(text, lookup)).toEqual({ ok: true, value: expected });
  });

  it('fails a required variable with its message', () => {
    expect(substitute('${UNSET:?set it please}', lookup)).toEqual({
      ok: false,
      error: 'UNSET: set it please',
    });
    expect(substitute('${EMPTY:?}', lookup)).toEqual({ ok: false, error: 'EMPTY is required' });
    expect(substitute('${EMPTY?}', lookup)).toEqual({ ok: true, value: '' });
  });

  it('rejects malformed references', () => {
    expect(parseInterpolation('${}').ok).toBe(false);
    expect(parseInterpolation('${A').ok).toBe(false);
    expect(parseInterpolation('${A:x}').ok).toBe(false);
    expect(parseInterpolation('cost $5').ok).toBe(false);
    expect(parseInterpolation('trailing $').ok).toBe(false);
  });
});

describe('compose interpolation: modes, names and formatting', () => {
  it('leaves $word alone in braced mode, for config files', () => {
    expect(substitute('try_files $uri ${SET} $$x $', lookup, 'braced')).toEqual({
      ok: true,
      value: 'try_files $uri value $x $',
    });
  });

  it('lists the names referenced, nested ones too, and inline defaults', () => {
    const parsed = parseInterpolation('${A:-${B}} $C ${D-d}');
    expect(parsed.ok && [...referencedNames(parsed.value)]).toEqual(['A', 'B', 'C', 'D']);
    expect(parsed.ok && Object.fromEntries(inlineDefaults(parsed.value))).toEqual({ D: 'd' });
  });

  it('writes parts back as text that parses to the same thing', () => {
    const text = '${A:-x $$ y} $B z$$';
    const parsed = parseInterpolation(text);
    expect(parsed.ok && formatParts(parsed.value)).toBe('${A:-x $$ y} ${B} z$$');
  });

  it('never reads the process environment', () => {
    process.env.HOSTER_TEST_LEAK = 'leaked';
    expect(substitute('${HOSTER_TEST_LEAK}', () => undefined)).toEqual({ ok: true, value: '' });
    delete process.env.HOSTER_TEST_LEAK;
  });
});

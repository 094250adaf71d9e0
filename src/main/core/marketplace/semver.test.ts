import { describe, expect, it } from 'vitest';
import { compareSemver } from './semver';

describe('semver', () => {
  it('orders by precedence, pre-releases before their release', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    expect([...ordered].reverse().sort(compareSemver)).toEqual(ordered);
    expect(compareSemver('1.0.0+build.1', '1.0.0')).toBe(0);
  });
});

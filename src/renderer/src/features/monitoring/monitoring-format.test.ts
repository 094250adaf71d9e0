import { describe, expect, it } from 'vitest';
import { formatPercent, formatRate, highlightParts } from './monitoring-format';

describe('monitoring format', () => {
  it('formats measured values and shows a dash for what was not measured', () => {
    expect(formatPercent(3.14159)).toBe('3.1 %');
    expect(formatPercent(87.6)).toBe('88 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatRate(2048)).toBe('2.0 KiB/s');
  });

  it('marks every occurrence of the search words, whatever their case', () => {
    expect(highlightParts('GET /api/Users took 5 ms', 'users ms')).toEqual([
      { text: 'GET /api/', isMatch: false },
      { text: 'Users', isMatch: true },
      { text: ' took 5 ', isMatch: false },
      { text: 'ms', isMatch: true },
    ]);
    expect(highlightParts('a.b', '.')).toEqual([{ text: 'a.b', isMatch: false }]);
  });
});

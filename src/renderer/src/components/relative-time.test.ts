import { describe, expect, it } from 'vitest';
import { formatAgo } from './relative-time';

describe('formatAgo', () => {
  const now = new Date('2026-01-02T12:00:00Z');
  it('picks the largest unit that fits', () => {
    expect(formatAgo('2026-01-02T11:59:48Z', now)).toBe('12 s ago');
    expect(formatAgo('2026-01-02T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-01-02T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2025-12-31T12:00:00Z', now)).toBe('2 d ago');
  });
  it('says never for a missing time and never goes negative', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo('2026-01-02T12:00:05Z', now)).toBe('0 s ago');
  });
});

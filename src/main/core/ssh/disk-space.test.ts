import { describe, expect, it } from 'vitest';
import { parseDfOutput, shellQuote } from './disk-space';

describe('parseDfOutput', () => {
  it('reads total and available bytes from POSIX df -Pk', () => {
    const output = 'Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/sda1        102400000 51200000  40960000      56% /var/lib/docker\n';
    expect(parseDfOutput(output)).toEqual({ totalBytes: 102400000 * 1024, freeBytes: 40960000 * 1024 });
  });

  it('returns null for output it cannot read', () => {
    expect(parseDfOutput('df: /nope: No such file or directory\n')).toBeNull();
    expect(parseDfOutput('')).toBeNull();
  });
});

describe('shellQuote', () => {
  it('keeps a path with spaces and quotes as one shell word', () => {
    expect(shellQuote("/var/lib/it's docker")).toBe(`'/var/lib/it'\\''s docker'`);
  });
});

import { describe, expect, it } from 'vitest';
import { describePortHolders } from './port-holders';

describe('describePortHolders', () => {
  it('names each program and port once', () => {
    const ss = [
      'LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:(("nginx",pid=812,fd=6),("nginx",pid=813,fd=6))',
      'LISTEN 0 511 [::]:80 [::]:* users:(("nginx",pid=812,fd=7))',
      'LISTEN 0 4096 127.0.0.1:443 0.0.0.0:*',
      'LISTEN 0 4096 0.0.0.0:8080 0.0.0.0:* users:(("java",pid=9,fd=1))',
    ].join('\n');
    expect(describePortHolders(ss)).toBe('nginx (pid 812) on port 80 and a program on port 443');
  });

  it('says nothing when nothing listens there', () => {
    expect(describePortHolders('')).toBe('');
  });
});

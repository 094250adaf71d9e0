import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { automaticHostname, checkHostname } from './hostnames';

const refusal = (typed: string): string => {
  try {
    checkHostname(typed);
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
  }
  return 'accepted';
};

describe('checkHostname', () => {
  it('accepts full names, lower-cased and trimmed', () => {
    expect(checkHostname(' Cloud.Example.COM ')).toBe('cloud.example.com');
    expect(checkHostname('a-b.c0.example.org')).toBe('a-b.c0.example.org');
  });

  it.each([
    ['', /type a name/],
    ['*.example.com', /wildcards are not routed/],
    ['203.0.113.7', /IP address/],
    ['::1', /IP address/],
    ['app.example.com.', /trailing dot/],
    ['localhost', /full name with a dot/],
    ['app..example.com', /empty part/],
    ['-app.example.com', /"-app" may hold only/],
    ['app_1.example.com', /"app_1" may hold only/],
    [`${'a'.repeat(64)}.example.com`, /may hold only letters, digits and inner hyphens \(63 at most\)/],
    ['example.123', /last part cannot be all digits/],
  ])('refuses %j', (typed, why) => {
    expect(refusal(typed)).toMatch(/^invalid_input: /);
    expect(refusal(typed)).toMatch(why);
  });
});

describe('automaticHostname', () => {
  it('names the deployment under the node address at sslip.io', () => {
    expect(automaticHostname('Wiki_Team', '203.0.113.7')).toBe('wiki-team.203.0.113.7.sslip.io');
    expect(automaticHostname('cloud', '2001:db8::1')).toBe('cloud.2001-db8--1.sslip.io');
  });
});

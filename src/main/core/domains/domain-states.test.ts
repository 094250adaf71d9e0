import { describe, expect, it } from 'vitest';
import { issuerError } from './domain-states';

const at = (iso: string) => Date.parse(iso) / 1000;
const line = (entry: object) => JSON.stringify(entry);

describe('issuerError', () => {
  const domain = { hostname: 'shop.example.com', createdAt: '2026-12-06T10:00:00.000Z' };

  it('reads what the CA answered for the name since it was added', () => {
    const lines = [
      line({ level: 'info', ts: at('2026-12-06T10:00:01Z'), msg: 'obtaining certificate', identifier: 'shop.example.com' }),
      line({
        level: 'error',
        ts: at('2026-12-06T10:00:02Z'),
        logger: 'tls.obtain',
        msg: 'could not get certificate from issuer',
        identifier: 'shop.example.com',
        error: 'HTTP 400 urn:ietf:params:acme:error:dns - DNS problem: NXDOMAIN looking up A for shop.example.com',
      }),
    ];
    expect(issuerError(lines, domain)).toBe(
      'HTTP 400 urn:ietf:params:acme:error:dns - DNS problem: NXDOMAIN looking up A for shop.example.com',
    );
  });

  it('ignores errors from before the name was added, about other names, and lines that are not JSON', () => {
    const lines = [
      line({ level: 'error', ts: at('2026-12-06T09:59:00Z'), identifier: 'shop.example.com', error: 'an earlier attempt' }),
      line({ level: 'error', ts: at('2026-12-06T10:00:05Z'), identifier: 'blog.example.com', error: 'not ours' }),
      'panic: "shop.example.com" "level":"error"',
    ];
    expect(issuerError(lines, domain)).toBeNull();
  });
});

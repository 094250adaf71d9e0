import { describe, expect, it } from 'vitest';
import { generateSecret, generateSecrets } from './secrets';

const counting = () => {
  let next = 0;
  return (size: number) => Uint8Array.from({ length: size }, () => next++ % 256);
};

describe('generateSecrets', () => {
  it('makes each kind in its shape', () => {
    const values = generateSecrets({
      secrets: [
        { name: 'P', kind: 'password', length: 40 },
        { name: 'H', kind: 'hex', bytes: 16 },
        { name: 'B', kind: 'base64', bytes: 48 },
        { name: 'U', kind: 'uuid' },
      ],
    });
    expect(values.P).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(values.H).toMatch(/^[0-9a-f]{32}$/);
    expect(Buffer.from(values.B ?? '', 'base64')).toHaveLength(48);
    expect(values.U).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs every time with the real random source', () => {
    const secret = { name: 'P', kind: 'password', length: 32 } as const;
    expect(generateSecret(secret)).not.toBe(generateSecret(secret));
  });

  it('draws every password character equally, skipping biased bytes', () => {
    const password = generateSecret({ name: 'P', kind: 'password', length: 128 }, counting());
    expect(password).toHaveLength(128);
    expect(new Set(password).size).toBe(62);
  });

  it('gives up on a random source that only returns unusable bytes', () => {
    expect(() =>
      generateSecret({ name: 'P', kind: 'password', length: 12 }, (n) => new Uint8Array(n).fill(255)),
    ).toThrow(/random source/);
  });
});

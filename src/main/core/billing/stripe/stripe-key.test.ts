import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import type { SecretStore } from '../../secrets/secret-store';
import type { StripeGateway } from './stripe-gateway';
import { assertRestrictedStripeKey, createStripeKeyStore, STRIPE_KEY_ACCOUNT } from './stripe-key';

const key = (prefix: string) => `${prefix}_${'a1B2c3D4'.repeat(4)}`;

function memorySecrets(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (account) => Promise.resolve(entries.get(account) ?? null),
    set: (account, secret) => Promise.resolve(void entries.set(account, secret)),
    delete: (account) => Promise.resolve(void entries.delete(account)),
    status: () => Promise.reject(new Error('not asked in these tests')),
  };
}

/** Stripe accepts every key here; what matters is whether the key got as far as asking it. */
function acceptingGateway(): StripeGateway & { verified: string[] } {
  const verified: string[] = [];
  const unused = () => Promise.reject(new Error('not called when saving a key'));
  return {
    verified,
    verifyKey: (candidate) => Promise.resolve(void verified.push(candidate)),
    createCheckoutSession: unused,
    getCheckoutSession: unused,
    expireCheckoutSession: unused,
    listEvents: unused,
  };
}

const permissions =
  /restricted key \(rk_live_… or rk_test_…\) with only "Checkout Sessions: Write" and "Events: Read"/;

describe('the Stripe key', () => {
  it.each(['sk_live', 'sk_test'])(
    'refuses a full secret key (%s) asking for a restricted one, and stores nothing',
    async (prefix) => {
      const secrets = memorySecrets();
      const gateway = acceptingGateway();
      const refused = key(prefix);

      const error = await createStripeKeyStore(secrets, gateway)
        .set(refused)
        .then(
          () => null,
          (thrown: unknown) => thrown,
        );

      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'invalid_input', field: 'secretKey' });
      expect((error as AppError).message).toMatch(/full secret key \(sk_…\)/);
      expect((error as AppError).message).toMatch(permissions);
      expect((error as AppError).message).not.toContain(refused.slice(8));
      expect(gateway.verified).toEqual([]);
      expect(secrets.entries.size).toBe(0);
    },
  );

  it('keeps the restricted key it had when a secret key is pasted over it', async () => {
    const secrets = memorySecrets();
    const store = createStripeKeyStore(secrets, acceptingGateway());
    const restricted = key('rk_live');
    await store.set(restricted);

    await expect(store.set(key('sk_live'))).rejects.toThrow(permissions);
    expect(secrets.entries.get(STRIPE_KEY_ACCOUNT)).toBe(restricted);
  });

  it.each(['rk_live', 'rk_test'])(
    'passes a restricted key (%s) on to Stripe and stores it',
    async (prefix) => {
      const restricted = key(prefix);
      expect(() => assertRestrictedStripeKey(restricted)).not.toThrow();

      const secrets = memorySecrets();
      const gateway = acceptingGateway();
      const status = await createStripeKeyStore(secrets, gateway).set(restricted);

      expect(gateway.verified).toEqual([restricted]);
      expect(secrets.entries.get(STRIPE_KEY_ACCOUNT)).toBe(restricted);
      expect(status).toEqual({
        isConfigured: true,
        last4: restricted.slice(-4),
        mode: prefix === 'rk_live' ? 'live' : 'test',
        isRestricted: true,
      });
    },
  );
});

import { stripeKeyPattern, type StripeStatus } from '@shared/contract/billing';
import { AppError } from '@shared/result';
import type { SecretStore } from '../../secrets/secret-store';
import { STRIPE_KEY_PERMISSIONS, type StripeGateway } from './stripe-gateway';

export const STRIPE_KEY_ACCOUNT = 'stripe:secret-key';

export function describeStripeKey(key: string | null): StripeStatus {
  const match = key ? stripeKeyPattern.exec(key) : null;
  if (!key || !match) return { isConfigured: false, last4: null, mode: null, isRestricted: null };
  return {
    isConfigured: true,
    last4: key.slice(-4),
    mode: match[2] === 'live' ? 'live' : 'test',
    isRestricted: match[1] === 'rk',
  };
}

/**
 * A full secret key may do anything in the account (refunds, payouts, deleting customers); the app
 * needs two permissions, so it keeps nothing stronger than a restricted key.
 */
export function assertRestrictedStripeKey(key: string): void {
  if (/^sk_(live|test)_/.test(key)) {
    throw new AppError(
      'invalid_input',
      'That is a full secret key (sk_…), which can do anything in your Stripe account, so it was not saved. ' +
        'In the Stripe Dashboard (Developers → API keys) create a restricted key (rk_live_… or rk_test_…) ' +
        `with only ${STRIPE_KEY_PERMISSIONS}, and paste that instead.`,
      { field: 'secretKey' },
    );
  }
}

/** The Stripe key lives in the OS keychain only; everything else sees its last 4 characters and mode. */
export function createStripeKeyStore(secrets: SecretStore, gateway: StripeGateway) {
  return {
    async status(): Promise<StripeStatus> {
      return describeStripeKey(await secrets.get(STRIPE_KEY_ACCOUNT));
    },
    async require(): Promise<string> {
      const key = await secrets.get(STRIPE_KEY_ACCOUNT);
      if (!key)
        throw new AppError(
          'unavailable',
          'No Stripe key is set up. Paste one under Billing → Settings first.',
        );
      return key;
    },
    /** Stored only if restricted and after Stripe accepted it, so a typo never replaces a working key. */
    async set(key: string): Promise<StripeStatus> {
      assertRestrictedStripeKey(key);
      await gateway.verifyKey(key);
      await secrets.set(STRIPE_KEY_ACCOUNT, key);
      return describeStripeKey(key);
    },
    async remove(): Promise<StripeStatus> {
      if ((await secrets.get(STRIPE_KEY_ACCOUNT)) !== null) await secrets.delete(STRIPE_KEY_ACCOUNT);
      return describeStripeKey(null);
    },
  };
}

export type StripeKeyStore = ReturnType<typeof createStripeKeyStore>;

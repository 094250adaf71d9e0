import type { CloudProviderId, CloudProviderStatus } from '@shared/contract/cloud';
import { AppError } from '@shared/result';
import type { CoreContext } from '../core-context';
import type { CloudRepository } from './cloud-repository';
import type { CloudPorts } from './ports';

export const tokenAccount = (provider: CloudProviderId) => `cloud-token:${provider}`;

/** Provider tokens: kept only in the keychain, checked with the provider before they are kept. */
export function createTokens(context: CoreContext, repository: CloudRepository, providers: CloudPorts['providers']) {
  const status = async (provider: CloudProviderId): Promise<CloudProviderStatus> => ({
    provider,
    name: providers[provider].name,
    hasToken: (await context.secrets.get(tokenAccount(provider))) !== null,
    account: repository.account(provider),
  });
  return {
    status,
    all: () => Promise.all((Object.keys(providers) as CloudProviderId[]).map(status)),
    /** The token, or an error that says where to add one. */
    async require(provider: CloudProviderId): Promise<string> {
      const token = await context.secrets.get(tokenAccount(provider));
      if (!token) {
        throw new AppError('invalid_input', `No ${providers[provider].name} API token is saved. Add one in Settings → Cloud providers.`, { field: 'provider' });
      }
      return token;
    },
    async has(provider: CloudProviderId): Promise<boolean> {
      return (await context.secrets.get(tokenAccount(provider))) !== null;
    },
    async save(provider: CloudProviderId, token: string): Promise<CloudProviderStatus> {
      const account = await providers[provider].account(token, AbortSignal.timeout(30_000));
      await context.secrets.set(tokenAccount(provider), token);
      repository.saveAccount(provider, { ...account, checkedAt: context.clock.now().toISOString() });
      return status(provider);
    },
    async remove(provider: CloudProviderId): Promise<CloudProviderStatus> {
      await context.secrets.delete(tokenAccount(provider));
      repository.forgetAccount(provider);
      return status(provider);
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;

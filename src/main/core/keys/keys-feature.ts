import type { Unsubscribe } from '@shared/contract';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { createKeyRepository, type NodesUsingKey } from './key-repository';
import { createKeyService, type KeyService } from './key-service';

export function createKeysFeature(
  context: CoreContext,
  options: { onVaultLocked: (forget: () => void) => Unsubscribe; nodesUsingKey: NodesUsingKey },
): Feature<MethodsOf<'keys'>> & { keys: KeyService } {
  const keys = createKeyService({ repository: createKeyRepository(context.db, options.nodesUsingKey), secrets: context.secrets, clock: context.clock, events: context.events });
  // Decrypted keys must not outlive the vault's unlock.
  const unsubscribe = options.onVaultLocked(() => keys.forgetParsedKeys());
  return {
    keys,
    close: () => {
      unsubscribe();
      return Promise.resolve();
    },
    handlers: {
      'keys:list': () => keys.list(),
      'keys:generate': ({ name, type }) => keys.generate(name, type),
      'keys:import': ({ name, privateKey, passphrase }) => keys.import(name, privateKey, passphrase),
      'keys:rename': ({ id, name }) => keys.rename(id, name),
      'keys:delete': ({ id }) => keys.delete(id),
    },
  };
}

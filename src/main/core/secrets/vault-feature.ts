import type { Feature, MethodsOf } from '../core-context';
import type { EventBus } from '../events/event-bus';
import type { SecretBackend } from './secret-backend';

export function createVaultFeature(backend: SecretBackend, events: EventBus): Feature<MethodsOf<'vault'>> {
  const unsubscribe = backend.onChange((status) => events.emit('vault:changed', status));
  return {
    handlers: {
      'vault:status': () => backend.status(),
      'vault:create': ({ passphrase }) => backend.createVault(passphrase),
      'vault:unlock': ({ passphrase }) => backend.unlock(passphrase),
      'vault:lock': () => backend.lock(),
    },
    close: () => {
      unsubscribe();
      return Promise.resolve();
    },
  };
}

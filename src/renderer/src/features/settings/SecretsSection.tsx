import { useEffect } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { VaultGate } from '../keys/VaultGate';

/** Says plainly where keys and passphrases are kept: the OS keychain, or the passphrase vault. */
export function SecretsSection() {
  const status = useAppStore((s) => s.secretsStatus);
  const error = useAppStore((s) => s.secretsError);
  const load = useAppStore((s) => s.loadSecretsStatus);
  const watch = useAppStore((s) => s.watchSecrets);
  const lock = useAppStore((s) => s.lockVault);
  const locking = useAction(lock);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  return (
    <section className="card" aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">Where secrets are kept</h2>
      <ErrorBanner error={error ?? locking.error} />
      {status ? (
        <dl className="facts">
          <dt>Secret store</dt>
          <dd data-testid="secret-backend">
            {status.backend === 'keychain'
              ? `The OS keychain (${status.keychain.backend})`
              : `A vault file encrypted with your passphrase (${status.vault.isUnlocked ? 'unlocked' : 'locked'})`}
          </dd>
          {status.backend === 'vault' ? (
            <>
              <dt>Vault file</dt>
              <dd className="mono">{status.vault.file}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {status?.backend === 'vault' && status.vault.isUnlocked ? (
        <button type="button" disabled={locking.isPending} onClick={() => void locking.run()}>
          Lock the vault
        </button>
      ) : null}
      <VaultGate />
    </section>
  );
}

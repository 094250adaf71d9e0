import { useEffect, useState, type SyntheticEvent } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import styles from './keys.module.css';

/**
 * Where no OS keychain answers, secrets live in a vault: this says so plainly and offers to create
 * or unlock it. It renders nothing while secrets can be stored (keychain, or vault unlocked).
 */
export function VaultGate() {
  const status = useAppStore((s) => s.secretsStatus);
  const load = useAppStore((s) => s.loadSecretsStatus);
  const watch = useAppStore((s) => s.watchSecrets);
  const createVault = useAppStore((s) => s.createVault);
  const unlockVault = useAppStore((s) => s.unlockVault);
  const [passphrase, setPassphrase] = useState('');
  const submit = useAction((value: string) =>
    status?.vault.exists ? unlockVault(value) : createVault(value),
  );
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  if (!status || status.backend === 'keychain' || status.vault.isUnlocked) return null;
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit.run(passphrase).then(() => setPassphrase(''));
  };
  return (
    <section className="card" aria-labelledby="vault-heading" data-testid="vault-gate">
      <h2 id="vault-heading">{status.vault.exists ? 'Unlock the vault' : 'Create a vault for your keys'}</h2>
      <p className="muted">
        No OS keychain answers on this machine ({status.keychain.backend}:{' '}
        {status.keychain.error ?? 'not reachable'}). Keys and passphrases are kept in a vault file encrypted
        with a passphrase only you know ({status.vault.file}). They are never stored in clear.
      </p>
      <form className={styles.inlineForm} onSubmit={onSubmit}>
        <Field label="Vault passphrase">
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete={status.vault.exists ? 'current-password' : 'new-password'}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={submit.isPending || passphrase.length === 0}>
          {status.vault.exists ? 'Unlock' : 'Create vault'}
        </button>
      </form>
      <ErrorBanner error={submit.error} />
    </section>
  );
}

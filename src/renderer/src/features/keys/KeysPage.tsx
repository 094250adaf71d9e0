import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { KeyCard } from './KeyCard';
import { GenerateKeyForm, ImportKeyForm } from './NewKeyForms';
import { RegistryLogins } from './RegistryLogins';
import { VaultGate } from './VaultGate';
import styles from './keys.module.css';

/** The empty state's button makes a key in one click; the forms above take a name or an existing key. */
function NoKeys() {
  const generate = useAppStore((s) => s.generateKey);
  const generating = useAction(generate);
  return (
    <EmptyState title="No keys yet">
      <p>Generate one, or import the key you already use with ssh.</p>
      <ErrorBanner error={generating.error} />
      <button
        type="button"
        className="primary"
        disabled={generating.isPending}
        onClick={() => void generating.run('hoster', 'ed25519')}
      >
        {generating.isPending ? 'Generating…' : 'Generate an ed25519 key'}
      </button>
    </EmptyState>
  );
}

export function KeysPage() {
  const keys = useAppStore((s) => s.keys);
  const error = useAppStore((s) => s.keysError);
  const load = useAppStore((s) => s.loadKeys);
  const watch = useAppStore((s) => s.watchKeys);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  return (
    <div className="page">
      <PageHeader
        title="Keys"
        subtitle="SSH keys for logging in to your nodes, and logins for private image registries. Private halves and passwords stay in the OS keychain (or your vault), never in the database."
      />
      <VaultGate />
      <ErrorBanner error={error} />
      <div className={styles.keyForms}>
        <GenerateKeyForm />
        <ImportKeyForm />
      </div>
      {keys && keys.length === 0 ? <NoKeys /> : null}
      {keys?.map((key) => (
        <KeyCard key={key.id} sshKey={key} />
      ))}
      <RegistryLogins />
    </div>
  );
}

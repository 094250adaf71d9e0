import { useState, type SyntheticEvent } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import styles from './keys.module.css';

export function GenerateKeyForm() {
  const generate = useAppStore((s) => s.generateKey);
  const [name, setName] = useState('');
  const [type, setType] = useState<'ed25519' | 'rsa'>('ed25519');
  const action = useAction(generate);
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void action.run(name, type).then((key) => key && setName(''));
  };
  return (
    <form className={`card ${styles.keyForm}`} onSubmit={onSubmit} aria-labelledby="generate-heading">
      <h2 id="generate-heading">Generate a key</h2>
      <div className="form-row">
        <Field label="Name">
          {(id) => (
            <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop" />
          )}
        </Field>
        <Field label="Type">
          {(id) => (
            <select
              id={id}
              value={type}
              onChange={(e) => setType(e.target.value === 'rsa' ? 'rsa' : 'ed25519')}
            >
              <option value="ed25519">Ed25519 (recommended)</option>
              <option value="rsa">RSA 4096 (for old servers)</option>
            </select>
          )}
        </Field>
        <button type="submit" className="primary" disabled={action.isPending || !name.trim()}>
          {action.isPending ? 'Generating…' : 'Generate'}
        </button>
      </div>
      <ErrorBanner error={action.error} />
    </form>
  );
}

interface ImportFieldsProps {
  name: string;
  setName: (name: string) => void;
  privateKey: string;
  setPrivateKey: (privateKey: string) => void;
  /** Null while the key is not known to need one. */
  passphrase: string | null;
  setPassphrase: (passphrase: string) => void;
}

function ImportFields(props: ImportFieldsProps) {
  const { name, setName, privateKey, setPrivateKey, passphrase, setPassphrase } = props;
  return (
    <>
      <Field label="Name">
        {(id) => (
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. work key" />
        )}
      </Field>
      <Field label="Private key">
        {(id) => (
          <textarea
            id={id}
            rows={6}
            value={privateKey}
            onChange={(e) => setPrivateKey(e.target.value)}
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            spellCheck={false}
            autoComplete="off"
          />
        )}
      </Field>
      {passphrase !== null ? (
        <Field label="Passphrase of this key">
          {(id) => (
            <input
              id={id}
              type="password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

export function ImportKeyForm() {
  const importKey = useAppStore((s) => s.importKey);
  const [name, setName] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [isEncrypted, setEncrypted] = useState(false);
  const action = useAction(importKey);
  const needsPassphrase = isEncrypted || action.error?.field === 'passphrase';
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void action.run(name, privateKey, passphrase || undefined).then((key) => {
      if (!key) return;
      setName('');
      setPrivateKey('');
      setPassphrase('');
      setEncrypted(false);
    });
  };
  return (
    <form className={`card ${styles.keyForm}`} onSubmit={onSubmit} aria-labelledby="import-heading">
      <h2 id="import-heading">Import a key</h2>
      <p className="muted">
        Paste a private key in OpenSSH or PEM form. It goes straight to the secret store; this app keeps only
        its public half in its database.
      </p>
      <ImportFields
        name={name}
        setName={setName}
        privateKey={privateKey}
        setPrivateKey={setPrivateKey}
        passphrase={needsPassphrase ? passphrase : null}
        setPassphrase={setPassphrase}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={action.isPending || !name.trim() || !privateKey.trim()}
        >
          {action.isPending ? 'Importing…' : 'Import'}
        </button>
        {!needsPassphrase ? (
          <button type="button" className="link-button" onClick={() => setEncrypted(true)}>
            The key has a passphrase
          </button>
        ) : null}
      </div>
      <ErrorBanner error={action.error} />
    </form>
  );
}

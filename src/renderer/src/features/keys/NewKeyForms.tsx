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

/** A private key file is a few KB; anything far larger is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Reads a chosen key file into the form, or says why it cannot be the private key. */
export async function readKeyFile(
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<{ text: string } | { error: string }> {
  if (file.name.endsWith('.pub'))
    return { error: `${file.name} is the public half. Choose the file of the same name without .pub.` };
  if (file.size > MAX_KEY_FILE_BYTES)
    return {
      error: `${file.name} is ${Math.round(file.size / 1024)} KB: not a private key. Choose the key file (e.g. ~/.ssh/id_ed25519).`,
    };
  const text = await file.text();
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    return {
      error: `${file.name} holds no private key. Choose a file that starts with -----BEGIN … PRIVATE KEY-----.`,
    };
  return { text };
}

/** "Choose a key file…": fills the private key (and the name, when empty) from a file on this computer. */
function KeyFileButton({ onKey }: { onKey: (text: string, fileName: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="form-actions">
      <label className="file-button">
        Choose a key file…
        <input
          type="file"
          hidden
          data-testid="key-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            void readKeyFile(file).then((read) => {
              setError('error' in read ? read.error : null);
              if ('text' in read) onKey(read.text, file.name);
            });
          }}
        />
      </label>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
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
      <KeyFileButton
        onKey={(text, fileName) => {
          setPrivateKey(text);
          if (!name.trim()) setName(fileName);
        }}
      />
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
        Choose a key file or paste a private key in OpenSSH or PEM form. It goes straight to the secret store;
        this app keeps only its public half in its database.
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

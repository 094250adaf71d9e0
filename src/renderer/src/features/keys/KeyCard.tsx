import { useState } from 'react';
import type { SshKey } from '@shared/contract/keys';
import { CopyButton } from '../../components/CopyButton';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import styles from './keys.module.css';

const typeLabel: Record<SshKey['type'], string> = { ed25519: 'Ed25519', rsa: 'RSA', ecdsa: 'ECDSA' };

type Renaming = ReturnType<typeof useAction<[string, string], void>>;

interface RenameFormProps {
  sshKey: SshKey;
  name: string;
  setName: (name: string | null) => void;
  renaming: Renaming;
}

function RenameForm({ sshKey, name, setName, renaming }: RenameFormProps) {
  return (
    <form
      className={styles.inlineForm}
      onSubmit={(event) => {
        event.preventDefault();
        void renaming.run(sshKey.id, name).then(() => setName(null));
      }}
    >
      <input aria-label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <button type="submit" disabled={renaming.isPending || !name.trim()}>
        Save
      </button>
      <button type="button" onClick={() => setName(null)}>
        Cancel
      </button>
    </form>
  );
}

function KeyFacts({ sshKey }: { sshKey: SshKey }) {
  return (
    <dl className="facts">
      <dt>Fingerprint</dt>
      <dd className="mono" data-testid="key-fingerprint">
        {sshKey.fingerprint}
      </dd>
      <dt>Used by</dt>
      <dd>{sshKey.usedBy.length ? sshKey.usedBy.map((node) => node.name).join(', ') : 'no node yet'}</dd>
    </dl>
  );
}

export function KeyCard({ sshKey }: { sshKey: SshKey }) {
  const rename = useAppStore((s) => s.renameKey);
  const remove = useAppStore((s) => s.deleteKey);
  const [name, setName] = useState<string | null>(null);
  const renaming = useAction(rename);
  const deleting = useAction(remove);
  return (
    <article className={`card ${styles.keyCard}`} aria-label={sshKey.name} data-testid="key-card">
      <header className={styles.keyCardHeader}>
        {name === null ? (
          <h3>{sshKey.name}</h3>
        ) : (
          <RenameForm sshKey={sshKey} name={name} setName={setName} renaming={renaming} />
        )}
        <span className="badge">{typeLabel[sshKey.type]}</span>
        {sshKey.isEncrypted ? <span className="badge">passphrase</span> : null}
      </header>
      <KeyFacts sshKey={sshKey} />
      <Field label="Public key (add this line to ~/.ssh/authorized_keys on the server)">
        {(id) => <textarea id={id} readOnly rows={2} value={sshKey.publicKey} data-testid="public-key" />}
      </Field>
      <div className="form-actions">
        <CopyButton text={sshKey.publicKey} label="Copy public key" />
        {name === null ? (
          <button type="button" onClick={() => setName(sshKey.name)}>
            Rename
          </button>
        ) : null}
        <button
          type="button"
          className="danger"
          disabled={deleting.isPending}
          onClick={() => void deleting.run(sshKey.id)}
        >
          Delete
        </button>
      </div>
      <ErrorBanner error={renaming.error ?? deleting.error} />
    </article>
  );
}

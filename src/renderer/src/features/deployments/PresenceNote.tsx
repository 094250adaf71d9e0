import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useApi } from '../../store';
import type { Presence } from '@shared/contract/credentials';
import styles from './operate.module.css';

const passwordInput = (
  id: string,
  value: string,
  onChange: (value: string) => void,
  autoComplete: string,
) => (
  <input
    id={id}
    type="password"
    autoComplete={autoComplete}
    value={value}
    onChange={(event) => onChange(event.target.value)}
  />
);

/** A new reveal passphrase, given the current one: it is asked before every reveal in every app. */
function ChangePassphraseDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useAction(async () => {
    await api['credentials:set-passphrase']({ passphrase: next, current });
    onClose();
  });
  const mismatch = repeat !== '' && repeat !== next ? 'The two passphrases differ.' : null;
  const isReady = current !== '' && next.length >= 8 && repeat === next;
  return (
    <Dialog title="Change the reveal passphrase" onClose={onClose}>
      <p>It is asked before a secret of any app is shown.</p>
      <ErrorBanner error={change.error} />
      <Field label="Current reveal passphrase">
        {(id) => passwordInput(id, current, setCurrent, 'current-password')}
      </Field>
      <Field label="New reveal passphrase" hint="At least 8 characters.">
        {(id) => passwordInput(id, next, setNext, 'new-password')}
      </Field>
      <Field label="Type the new one again" error={mismatch}>
        {(id) => passwordInput(id, repeat, setRepeat, 'new-password')}
      </Field>
      <DialogActions
        confirmLabel={change.isPending ? 'Changing…' : 'Change passphrase'}
        isDisabled={!isReady || change.isPending}
        onConfirm={() => void change.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}

/** How a reveal asks for presence; where it is the reveal passphrase, a way to change it. */
export function PresenceNote({ presence, onChanged }: { presence: Presence; onChanged: () => void }) {
  const [isChanging, setChanging] = useState(false);
  const how = {
    os: 'A reveal asks this computer to confirm it is you.',
    'vault-passphrase': 'A reveal asks for the vault passphrase.',
    'reveal-passphrase': presence.isPassphraseSet
      ? 'A reveal asks for your reveal passphrase.'
      : 'The first reveal asks you to set a reveal passphrase.',
  }[presence.method];
  const canChange = presence.method === 'reveal-passphrase' && presence.isPassphraseSet;
  return (
    <p className={styles.hint} data-testid="presence-note">
      {how}{' '}
      {canChange ? (
        <button type="button" className="link-button" onClick={() => setChanging(true)}>
          Change it…
        </button>
      ) : null}
      {isChanging ? (
        <ChangePassphraseDialog
          onClose={() => {
            setChanging(false);
            onChanged();
          }}
        />
      ) : null}
    </p>
  );
}

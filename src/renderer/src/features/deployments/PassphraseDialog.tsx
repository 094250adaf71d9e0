import { useState } from 'react';
import type { Presence } from '@shared/contract/credentials';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useApi } from '../../store';

/** The passphrase, and the first time the same typed again. */
function PassphraseFields(props: {
  label: string;
  isFirst: boolean;
  passphrase: string;
  repeat: string;
  onPassphrase: (value: string) => void;
  onRepeat: (value: string) => void;
}) {
  const { isFirst, passphrase, repeat } = props;
  const mismatch = isFirst && repeat !== '' && repeat !== passphrase ? 'The two passphrases differ.' : null;
  return (
    <>
      <Field label={props.label} hint={isFirst ? 'At least 8 characters.' : undefined}>
        {(id) => (
          <input
            id={id}
            type="password"
            autoFocus
            autoComplete={isFirst ? 'new-password' : 'current-password'}
            value={passphrase}
            onChange={(event) => props.onPassphrase(event.target.value)}
          />
        )}
      </Field>
      {isFirst ? (
        <Field label="Type it again" error={mismatch}>
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => props.onRepeat(event.target.value)}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

const intro = (isFirst: boolean, label: string, name: string) =>
  isFirst
    ? 'Secrets are shown only after you type a passphrase. Choose one now: it is asked before every reveal and kept only as a salted hash in the keychain.'
    : `Type your ${label.toLowerCase()} to show ${name}. The reveal is noted in the app's history.`;

/**
 * Presence by passphrase before a reveal: the vault passphrase, or the reveal passphrase; the first
 * time, the user sets the reveal passphrase here (typed twice), and the reveal follows with it.
 */
export function PassphraseDialog({
  name,
  presence,
  reveal,
  onClose,
}: {
  name: string;
  presence: Presence;
  reveal: (passphrase: string) => Promise<void>;
  onClose: () => void;
}) {
  const api = useApi();
  const isFirst = presence.method === 'reveal-passphrase' && !presence.isPassphraseSet;
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const submit = useAction(async () => {
    if (isFirst) await api['credentials:set-passphrase']({ passphrase });
    await reveal(passphrase);
    onClose();
  });
  const label = presence.method === 'vault-passphrase' ? 'Vault passphrase' : 'Reveal passphrase';
  const isReady = passphrase !== '' && (!isFirst || (repeat === passphrase && passphrase.length >= 8));
  const confirmLabel = isFirst ? `Set and reveal ${name}` : `Reveal ${name}`;
  return (
    <Dialog title={isFirst ? 'Set a reveal passphrase' : `Reveal ${name}`} onClose={onClose}>
      <p>{intro(isFirst, label, name)}</p>
      <ErrorBanner error={submit.error} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (isReady) void submit.run();
        }}
      >
        <PassphraseFields
          label={isFirst ? 'New reveal passphrase' : label}
          isFirst={isFirst}
          passphrase={passphrase}
          repeat={repeat}
          onPassphrase={setPassphrase}
          onRepeat={setRepeat}
        />
      </form>
      <DialogActions
        confirmLabel={submit.isPending ? 'Checking…' : confirmLabel}
        isDisabled={!isReady || submit.isPending}
        onConfirm={() => void submit.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}

import { useState } from 'react';
import type { CloudProviderStatus } from '@shared/contract/cloud';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import type { ErrorView } from '../../store/slice';
import { accountLine, tokenHelp } from './cloud-format';
import styles from './cloud.module.css';

export interface ProviderCardViewProps {
  status: CloudProviderStatus;
  token: string;
  onToken: (token: string) => void;
  isSaving: boolean;
  /** The provider's answer to a refused token, or any other failure to save. */
  error: ErrorView | null;
  onSave: () => void;
  onRemove: () => void;
}

function TokenForm({
  status,
  token,
  onToken,
  isSaving,
  onSave,
  onRemove,
}: Omit<ProviderCardViewProps, 'error'>) {
  return (
    <form
      className={styles.tokenForm}
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
    >
      <Field
        label={status.hasToken ? `Replace the ${status.name} API token` : `${status.name} API token`}
        hint={[
          'The token is checked with the provider, then kept in the keychain; a refused token is not kept.',
        ]}
      >
        {(id) => (
          <input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => onToken(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={isSaving || token.trim() === ''}>
          {isSaving ? 'Checking the token…' : 'Save token'}
        </button>
        {status.hasToken ? (
          <button type="button" className="danger" onClick={onRemove}>
            Remove token
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** One provider: the account its saved token belongs to, or where to make a token and a field to paste it. */
export function ProviderCardView({
  status,
  token,
  onToken,
  isSaving,
  error,
  onSave,
  onRemove,
}: ProviderCardViewProps) {
  const help = tokenHelp[status.provider];
  return (
    <div className={styles.providerCard} data-testid={`cloud-provider-${status.provider}`}>
      <div className="section-head">
        <h3>{status.name}</h3>
        {status.hasToken ? (
          <span className="badge badge-ok">Token saved</span>
        ) : (
          <span className="badge">No token</span>
        )}
      </div>
      {status.account ? <p data-testid="cloud-account">{accountLine(status.account)}</p> : null}
      {status.hasToken && !status.account ? (
        <p className="muted">A token is saved; its account was not read yet.</p>
      ) : null}
      <ErrorBanner error={error} />
      <TokenForm
        status={status}
        token={token}
        onToken={onToken}
        isSaving={isSaving}
        onSave={onSave}
        onRemove={onRemove}
      />
      <p className="muted">
        Create a token at{' '}
        <a href={help.url} target="_blank" rel="noreferrer">
          {help.where}
        </a>
        .
      </p>
    </div>
  );
}

export function ProviderCard({ status }: { status: CloudProviderStatus }) {
  const save = useAppStore((s) => s.saveCloudToken);
  const remove = useAppStore((s) => s.removeCloudToken);
  const [token, setToken] = useState('');
  const [isRemoving, setRemoving] = useState(false);
  const saving = useAction(async () => {
    await save(status.provider, token);
    setToken('');
  });
  return (
    <>
      <ProviderCardView
        status={status}
        token={token}
        onToken={(next) => {
          setToken(next);
          saving.clearError();
        }}
        isSaving={saving.isPending}
        error={saving.error}
        onSave={() => void saving.run()}
        onRemove={() => setRemoving(true)}
      />
      {isRemoving ? (
        <ConfirmDialog
          title={`Remove the ${status.name} token?`}
          confirmLabel="Remove token"
          pendingLabel="Removing…"
          action={() => remove(status.provider)}
          onClose={() => setRemoving(false)}
        >
          <p>
            The app forgets the token and can no longer create servers at {status.name} or retire the ones it
            made there. Servers already running keep running and stay nodes.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

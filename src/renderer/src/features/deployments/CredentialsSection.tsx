import { useCallback, useEffect, useRef, useState } from 'react';
import type { Credential, Presence } from '@shared/contract/credentials';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { CLEAR_AFTER_SECONDS, copyForAWhile } from './clipboard-guard';
import { PassphraseDialog } from './PassphraseDialog';
import { PresenceNote } from './PresenceNote';
import styles from './operate.module.css';

/**
 * Seconds left until the copied secret leaves the clipboard, ticking each second; null when none is.
 * `hasFailed` when the clipboard refused the value: the user selects and copies it by hand.
 */
function useClipboardCountdown() {
  const [left, setLeft] = useState<number | null>(null);
  const [hasFailed, setFailed] = useState(false);
  const cancel = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (left === null) return;
    const timer = setTimeout(() => setLeft(left > 1 ? left - 1 : null), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  const copy = useCallback(async (value: string) => {
    cancel.current?.();
    try {
      cancel.current = await copyForAWhile(navigator.clipboard, value);
      setFailed(false);
      setLeft(CLEAR_AFTER_SECONDS);
    } catch {
      setFailed(true);
      setLeft(null);
    }
  }, []);
  return { left, hasFailed, copy };
}

function CredentialRow(props: {
  credential: Credential;
  value: string | undefined;
  onReveal: () => void;
  onHide: () => void;
  onCopy: () => void;
  onRotate: () => void;
}) {
  const { credential, value } = props;
  return (
    <tr data-testid="credential-row" data-name={credential.name}>
      <td className="mono">{credential.name}</td>
      <td>
        <span className="badge">{credential.kind === 'generated' ? 'generated' : 'password you set'}</span>
        <div className="muted">{credential.description}</div>
      </td>
      <td className={`mono ${styles.secret}`} data-testid="credential-value">
        {value ?? '••••••••'}
      </td>
      <td className="cell-actions">
        {value === undefined ? (
          <button type="button" onClick={props.onReveal}>
            Reveal…
          </button>
        ) : (
          <>
            <button type="button" onClick={props.onCopy}>
              Copy
            </button>{' '}
            <button type="button" onClick={props.onHide}>
              Hide
            </button>
          </>
        )}
        {credential.kind === 'generated' ? (
          <>
            {' '}
            <button type="button" className="danger" onClick={props.onRotate}>
              Rotate…
            </button>
          </>
        ) : null}
      </td>
    </tr>
  );
}

function CredentialsTable(props: {
  credentials: Credential[];
  values: Record<string, string>;
  onReveal: (name: string) => void;
  onHide: (name: string) => void;
  onCopy: (name: string) => void;
  onRotate: (name: string) => void;
}) {
  return (
    <>
      <p className="muted">
        Each reveal is noted in the history below, by name only. A copied value leaves the clipboard after{' '}
        {CLEAR_AFTER_SECONDS} s.
      </p>
      <table className="table" aria-label="Credentials">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.credentials.map(({ name, ...rest }) => (
            <CredentialRow
              key={name}
              credential={{ name, ...rest }}
              value={props.values[name]}
              onReveal={() => props.onReveal(name)}
              onHide={() => props.onHide(name)}
              onCopy={() => props.onCopy(name)}
              onRotate={() => props.onRotate(name)}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Asks before a rotation: the old value stops working once the update is done. */
function RotateDialog({
  detail,
  name,
  onRotated,
  onClose,
}: {
  detail: DeploymentDetail;
  name: string;
  onRotated: () => void;
  onClose: () => void;
}) {
  const api = useApi();
  return (
    <ConfirmDialog
      title={`Give ${name} a new value?`}
      confirmLabel="Rotate"
      pendingLabel="Starting…"
      action={async () => {
        await api['credentials:rotate']({ id: detail.id, name });
        onRotated();
      }}
      onClose={onClose}
    >
      <p data-testid="rotate-consequence">
        A new value is generated and {detail.name} is updated with it (a new revision; the old value stops
        working). An app that saved the old value at its first start, such as a database password, may need it
        changed inside the app too.
      </p>
    </ConfirmDialog>
  );
}

/** The secrets a deployment was given, loaded again as its revisions change; values only on a reveal. */
function useCredentials(detail: DeploymentDetail) {
  const api = useApi();
  const [listing, setListing] = useState<{ credentials: Credential[]; presence: Presence } | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const load = useCallback(
    () =>
      api['credentials:list']({ id: detail.id }).then(
        (answer) => {
          setListing(answer);
          setError(null);
        },
        (failure: unknown) => setError(errorViewOf(failure)),
      ),
    [api, detail.id],
  );
  useEffect(() => void load(), [load, detail.revisions.length]);
  return { listing, error, load };
}

function CredentialsHead({ secondsLeft, hasFailed }: { secondsLeft: number | null; hasFailed: boolean }) {
  return (
    <div className="section-head">
      <h2 id="credentials-heading">Credentials</h2>
      {secondsLeft !== null ? (
        <span className={styles.hint} data-testid="clipboard-countdown">
          Copied: the clipboard clears in {secondsLeft} s
        </span>
      ) : null}
      {hasFailed ? (
        <span className="field-error">The clipboard refused it: select the value and copy it by hand.</span>
      ) : null}
    </div>
  );
}

/**
 * Each secret of the app by name: revealed after presence (Touch ID or a passphrase), copied to a
 * clipboard that empties itself, a generated one rotated. Values stay in this component, never the store.
 */
export function CredentialsSection({ detail }: { detail: DeploymentDetail }) {
  const api = useApi();
  const { listing, error, load } = useCredentials(detail);
  const [values, setValues] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState<string | null>(null);
  const [rotating, setRotating] = useState<string | null>(null);
  const clipboard = useClipboardCountdown();
  const revealValue = async (name: string, passphrase?: string) => {
    const { value } = await api['credentials:reveal']({ id: detail.id, name, passphrase });
    setValues((known) => ({ ...known, [name]: value }));
  };
  const reveal = useAction(revealValue);
  const hide = (name: string) => setValues(({ [name]: _gone, ...rest }) => rest);
  const askFor = (name: string) =>
    listing?.presence.method === 'os' ? void reveal.run(name) : setAsking(name);
  return (
    <section className="card" aria-labelledby="credentials-heading" data-testid="credentials-section">
      <CredentialsHead secondsLeft={clipboard.left} hasFailed={clipboard.hasFailed} />
      <ErrorBanner error={error ?? reveal.error} />
      {listing?.credentials.length === 0 ? (
        <p className="muted" data-testid="credentials-empty">
          This app was given no secrets: nothing to reveal.
        </p>
      ) : null}
      {listing && listing.credentials.length > 0 ? (
        <CredentialsTable
          credentials={listing.credentials}
          values={values}
          onReveal={askFor}
          onHide={hide}
          onCopy={(name) => void clipboard.copy(values[name] ?? '')}
          onRotate={setRotating}
        />
      ) : null}
      {listing && listing.credentials.length > 0 ? (
        <PresenceNote presence={listing.presence} onChanged={() => void load()} />
      ) : null}
      {!listing && !error ? <p className="muted">Loading…</p> : null}
      {asking && listing ? (
        <PassphraseDialog
          name={asking}
          presence={listing.presence}
          reveal={(passphrase) => revealValue(asking, passphrase)}
          onClose={() => {
            setAsking(null);
            void load();
          }}
        />
      ) : null}
      {rotating ? (
        <RotateDialog
          detail={detail}
          name={rotating}
          onRotated={() => hide(rotating)}
          onClose={() => setRotating(null)}
        />
      ) : null}
    </section>
  );
}

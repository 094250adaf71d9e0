import type { Node } from '@shared/contract/nodes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import styles from './nodes.module.css';

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * Shown when the node's host key is not the pinned one (or none is pinned yet): both fingerprints,
 * what that may mean, and an explicit re-pin. Nothing runs on the node until the user chooses.
 */
export function HostKeyProblem({ node }: { node: Node }) {
  const pin = useAppStore((s) => s.pinHostKey);
  const pinning = useAction(pin);
  const error = node.lastError;
  if (error?.code !== 'host_key_mismatch' && error?.code !== 'host_key_unknown') return null;
  const presented = text(error.details?.presented) ?? text(error.details?.fingerprint);
  const expected = text(error.details?.expected);
  if (!presented) return null;
  return (
    <section
      className={`card ${styles.hostKeyProblem}`}
      aria-labelledby="host-key-heading"
      data-testid="host-key-problem"
    >
      <h2 id="host-key-heading">
        {expected ? 'The host key has changed' : 'This host key is not trusted yet'}
      </h2>
      <dl className="facts">
        {expected ? (
          <>
            <dt>Trusted key</dt>
            <dd className="mono" data-testid="expected-fingerprint">
              {expected}
            </dd>
          </>
        ) : null}
        <dt>Key the server presents now</dt>
        <dd className="mono" data-testid="presented-fingerprint">
          {presented}
        </dd>
      </dl>
      <p className="muted">
        {expected
          ? 'The connection was refused before logging in, and nothing ran on the server. If the server was reinstalled or its keys rotated, check the new fingerprint on the server and trust it. Otherwise someone may be intercepting the connection: do not trust it.'
          : 'Check this fingerprint on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it.'}
      </p>
      <button
        type="button"
        className="danger"
        disabled={pinning.isPending}
        onClick={() => void pinning.run(node.id, presented)}
      >
        Trust the key {presented.slice(0, 18)}…
      </button>
      <ErrorBanner error={pinning.error} />
    </section>
  );
}

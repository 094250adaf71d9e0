import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { Domain } from '@shared/contract/domains';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { isJobDone } from '../../store/deployments-slice';
import { AddDomainDialog } from './AddDomainDialog';
import { ProgressSteps } from './ProgressFeed';
import { DomainPasswordDialog } from './BasicAuthFields';
import { unreachableReason } from './deployment-format';
import { addDomainBlocker, domainStatusClass, domainStatusText } from './domain-format';
import styles from './domains.module.css';

/** Asks before a domain goes: whoever uses the name loses the app at once. */
function RemoveDomainDialog({ domain, onClose }: { domain: Domain; onClose: () => void }) {
  const remove = useAppStore((s) => s.removeDomain);
  return (
    <ConfirmDialog
      title={`Remove ${domain.hostname}?`}
      confirmLabel="Remove"
      pendingLabel="Removing…"
      action={() => remove(domain.id)}
      onClose={onClose}
    >
      <p data-testid="domain-remove-consequence">
        {domain.hostname} stops answering at once. The app keeps its other addresses.
      </p>
    </ConfirmDialog>
  );
}

function DomainRow({
  domain,
  removeBlocker,
  onRemove,
  onPassword,
}: {
  domain: Domain;
  removeBlocker: string | null;
  onRemove: () => void;
  onPassword: () => void;
}) {
  const url = `https://${domain.hostname}`;
  return (
    <tr data-testid="domain-row" data-status={domain.status} data-hostname={domain.hostname}>
      <td>
        <a href={url} target="_blank" rel="noreferrer" className="mono">
          {url}
        </a>
        {domain.kind === 'automatic' ? <span className="muted"> (automatic)</span> : null}
        {domain.basicAuthUser ? (
          <div className="muted" data-testid="domain-login">
            asks for a password (user {domain.basicAuthUser})
          </div>
        ) : null}
      </td>
      <td>
        {domain.service}:{domain.port}
      </td>
      <td data-testid="domain-status">
        <span className={domainStatusClass[domain.status]}>{domain.status}</span>{' '}
        <span className={domain.status === 'failed' ? styles.failedText : undefined}>
          {domainStatusText(domain)}
        </span>
      </td>
      <td className="cell-actions">
        <button
          type="button"
          aria-label={`Password for ${domain.hostname}`}
          disabled={removeBlocker !== null}
          title={removeBlocker ?? undefined}
          onClick={onPassword}
        >
          Password…
        </button>{' '}
        <button
          type="button"
          className="danger"
          aria-label={`Remove ${domain.hostname}`}
          disabled={removeBlocker !== null}
          title={removeBlocker ?? undefined}
          onClick={onRemove}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

function DomainTable({ domains, removeBlocker }: { domains: Domain[]; removeBlocker: string | null }) {
  const [removing, setRemoving] = useState<Domain | null>(null);
  const [protecting, setProtecting] = useState<Domain | null>(null);
  return (
    <>
      <table className="table" aria-label="Domains" data-testid="domains">
        <thead>
          <tr>
            <th>Address</th>
            <th>Leads to</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {domains.map((domain) => (
            <DomainRow
              key={domain.id}
              domain={domain}
              removeBlocker={removeBlocker}
              onRemove={() => setRemoving(domain)}
              onPassword={() => setProtecting(domain)}
            />
          ))}
        </tbody>
      </table>
      {removing ? <RemoveDomainDialog domain={removing} onClose={() => setRemoving(null)} /> : null}
      {protecting ? <DomainPasswordDialog domain={protecting} onClose={() => setProtecting(null)} /> : null}
    </>
  );
}

/** The steps of the domain job under way (proxy, route, certificate), live from `jobs:changed`. */
function DomainProgress({ deploymentId }: { deploymentId: string }) {
  const feed = useAppStore((s) => s.domainJobs[deploymentId]);
  if (!feed || isJobDone(feed.job)) return null;
  const { entries } = feed;
  return <ProgressSteps entries={entries} label="Domain progress" testId="domain-progress" />;
}

/**
 * The names the app answers at over HTTPS, through its node's proxy. Kept live by `domains:*` and
 * `jobs:changed`; adding needs the app running and its node in reach, removing needs the node.
 */
export function DomainsSection({ detail }: { detail: DeploymentDetail }) {
  const domains = useAppStore((s) => s.domains[detail.id]);
  const error = useAppStore((s) => s.domainsErrors[detail.id] ?? null);
  const load = useAppStore((s) => s.loadDomains);
  const watch = useAppStore((s) => s.watchDomains);
  const [isAdding, setAdding] = useState(false);
  useEffect(() => watch(), [watch]);
  // Loaded again as the app stops or starts: its domains pause and resume with it.
  useEffect(() => void load(detail.id), [detail.id, detail.status, load]);
  const addBlocker = addDomainBlocker(detail);
  return (
    <section className="card" aria-labelledby="domains-heading" data-testid="domains-section">
      <div className="section-head">
        <h2 id="domains-heading">Domains</h2>
        <button
          type="button"
          className="primary"
          disabled={addBlocker !== null}
          title={addBlocker ?? undefined}
          onClick={() => setAdding(true)}
        >
          Add domain…
        </button>
      </div>
      {addBlocker ? (
        <p className="muted" data-testid="domains-disabled-reason">
          {addBlocker}
        </p>
      ) : null}
      <ErrorBanner error={error} />
      <DomainProgress deploymentId={detail.id} />
      {domains?.length === 0 ? (
        <p className="muted" data-testid="domains-empty">
          No domain yet. Add one to reach this app at https://a-name.
        </p>
      ) : null}
      {domains && domains.length > 0 ? (
        <DomainTable domains={domains} removeBlocker={unreachableReason(detail, detail.nodeName)} />
      ) : null}
      {!domains && !error ? <p className="muted">Loading…</p> : null}
      {isAdding ? <AddDomainDialog detail={detail} onClose={() => setAdding(false)} /> : null}
    </section>
  );
}

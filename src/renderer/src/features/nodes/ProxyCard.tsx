import { useEffect, useState } from 'react';
import type { NodeProxy, ProxyStatus } from '@shared/contract/domains';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { formatAgo } from '../../components/relative-time';
import { useAppStore } from '../../store';
import styles from './nodes.module.css';

const statusLabel: Record<ProxyStatus, string> = {
  absent: 'None',
  installing: 'Installing',
  running: 'Running',
  stopped: 'Stopped',
  failed: 'Failed',
};

const statusClass: Record<ProxyStatus, string> = {
  absent: 'badge',
  installing: 'badge badge-warn',
  running: 'badge badge-ok',
  stopped: 'badge badge-warn',
  failed: 'badge badge-error',
};

function ProxyFacts({ proxy }: { proxy: NodeProxy }) {
  return (
    <dl className={`facts ${styles.nodeFacts}`}>
      <dt>Status</dt>
      <dd>
        <span className={statusClass[proxy.status]} data-testid="proxy-status" data-status={proxy.status}>
          {statusLabel[proxy.status]}
        </span>
      </dd>
      <dt>Image</dt>
      <dd className="mono" data-testid="proxy-image">
        {proxy.image ?? '—'}
      </dd>
      <dt>Version</dt>
      <dd data-testid="proxy-version">{proxy.version ?? '—'}</dd>
      <dt>Last check</dt>
      <dd title={proxy.checkedAt ?? undefined}>{formatAgo(proxy.checkedAt)}</dd>
    </dl>
  );
}

/** Upgrade (pull the image again, replace the container, keep routes and certificates) and remove, asking first. */
function ProxyActions({ nodeId, proxy }: { nodeId: string; proxy: NodeProxy }) {
  const upgrade = useAction(useAppStore((s) => s.upgradeProxy));
  const removeProxy = useAppStore((s) => s.removeProxy);
  const [isConfirming, setConfirming] = useState(false);
  const isBusy = proxy.status === 'installing' || upgrade.isPending;
  return (
    <>
      <ErrorBanner error={upgrade.error} />
      <div className="page-actions">
        <button type="button" disabled={isBusy} onClick={() => void upgrade.run(nodeId)}>
          {isBusy ? 'Working…' : 'Upgrade proxy'}
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Remove proxy…
        </button>
      </div>
      {isConfirming ? (
        <ConfirmDialog
          title="Remove the proxy?"
          confirmLabel="Remove proxy"
          pendingLabel="Removing…"
          action={() => removeProxy(nodeId)}
          onClose={() => setConfirming(false)}
        >
          <p data-testid="proxy-remove-consequence">
            Ports 80 and 443 of this node are freed. Its certificates stay on the node for the next proxy.
            A node that still has domains keeps its proxy: remove them first.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/**
 * The one container on the node that answers on ports 80 and 443 for every domain of its
 * deployments; kept live by `domains:proxy-changed`.
 */
export function ProxyCard({ nodeId }: { nodeId: string }) {
  const proxy = useAppStore((s) => s.nodeProxies[nodeId]);
  const error = useAppStore((s) => s.nodeProxyErrors[nodeId] ?? null);
  const load = useAppStore((s) => s.loadNodeProxy);
  const watch = useAppStore((s) => s.watchDomains);
  useEffect(() => watch(), [watch]);
  useEffect(() => void load(nodeId), [nodeId, load]);
  return (
    <section className="card" aria-labelledby="node-proxy-heading" data-testid="node-proxy">
      <h2 id="node-proxy-heading">Proxy</h2>
      <ErrorBanner error={error} />
      {proxy?.status === 'absent' ? (
        <p className="muted" data-testid="proxy-absent">
          No proxy yet — one is installed when the first domain on this node is added.
        </p>
      ) : proxy ? (
        <>
          <ProxyFacts proxy={proxy} />
          <ProxyActions nodeId={nodeId} proxy={proxy} />
          {proxy.error ? (
            <div className="banner banner-error" role="alert" data-testid="proxy-error">
              {proxy.error}
            </div>
          ) : null}
        </>
      ) : error ? null : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}

import { useState } from 'react';
import type { Node } from '@shared/contract/nodes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatAgo } from '../../components/relative-time';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { formatMoney } from '../billing/money';
import { CloudServerCard } from '../cloud/CloudServerCard';
import { NodeTerminals } from '../terminal/NodeTerminals';
import { useSessionTabs } from '../terminal/SessionTabs';
import { EditNodeDialog } from './EditNodeDialog';
import { HostKeyProblem } from './HostKeyProblem';
import { addressOf, formatLatency } from './node-format';
import { NodeDeployments } from './NodeDeployments';
import { NodeEventList } from './NodeEventList';
import { NodeFacts } from './NodeFacts';
import { NodeInventory } from './NodeInventory';
import { NodeStatusBadge } from './NodeStatusBadge';
import { PrepareServer } from './prepare/PrepareServer';
import { ProxyCard } from './ProxyCard';
import { RemoveNodeDialog } from './RemoveNodeDialog';
import { TestResultView } from './TestResultView';
import styles from './nodes.module.css';

function NodeActions({ node, onEdit }: { node: Node; onEdit: () => void }) {
  const test = useAppStore((s) => s.testNode);
  const setMaintenance = useAppStore((s) => s.setMaintenance);
  const testing = useAction(test);
  const toggling = useAction(setMaintenance);
  const [isRemoving, setRemoving] = useState(false);
  const error = testing.error ?? toggling.error;
  return (
    <>
      <div className="form-actions">
        <button
          type="button"
          className="primary"
          disabled={testing.isPending}
          onClick={() => void testing.run(node.id)}
        >
          {testing.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          disabled={toggling.isPending}
          onClick={() => void toggling.run(node.id, !node.isMaintenance)}
        >
          {node.isMaintenance ? 'End maintenance' : 'Start maintenance'}
        </button>
        <button type="button" className="danger" onClick={() => setRemoving(true)}>
          Remove
        </button>
      </div>
      {isRemoving ? <RemoveNodeDialog node={node} onClose={() => setRemoving(false)} /> : null}
      <ErrorBanner error={error} />
    </>
  );
}

function ConnectionFacts({ node }: { node: Node }) {
  const currency = useAppStore((s) => s.settings?.billing.currency ?? 'USD');
  return (
    <dl className={`facts ${styles.nodeFacts}`}>
      <dt>Last seen</dt>
      <dd title={node.lastSeenAt ?? undefined}>{formatAgo(node.lastSeenAt)}</dd>
      <dt>Last check</dt>
      <dd title={node.lastCheckedAt ?? undefined}>{formatAgo(node.lastCheckedAt)}</dd>
      <dt>Latency</dt>
      <dd>{formatLatency(node.latencyMs)}</dd>
      {node.kind === 'ssh' ? (
        <>
          <dt>Host key</dt>
          <dd className="mono">{node.hostKeyFingerprint ?? 'not trusted yet'}</dd>
        </>
      ) : null}
      <dt>Docker socket</dt>
      <dd className="mono">{node.dockerSocket}</dd>
      <dt>Tags</dt>
      <dd>{node.tags.length ? node.tags.join(', ') : '—'}</dd>
      <dt>Monthly cost</dt>
      <dd data-testid="node-monthly-cost">{formatMoney(node.monthlyCostCents, currency)}</dd>
    </dl>
  );
}

export function NodeDetail({ node }: { node: Node }) {
  const lastTest = useAppStore((s) => s.nodeTests[node.id]);
  const terminals = useSessionTabs();
  const navigate = useAppStore((s) => s.navigate);
  const [isEditing, setEditing] = useState(false);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <button type="button" className="link-button" onClick={() => navigate({ page: 'nodes' })}>
            ← All nodes
          </button>
          <h1>
            {node.name} <NodeStatusBadge status={node.status} isConnecting={node.isConnecting} />
          </h1>
          <p className="muted">{addressOf(node)}</p>
        </div>
      </header>
      <section className="card">
        <NodeActions node={node} onEdit={() => setEditing(true)} />
        {node.isMaintenance ? (
          <p className="muted">In maintenance: the health worker leaves this node alone.</p>
        ) : null}
        <ConnectionFacts node={node} />
        {node.lastError &&
        node.lastError.code !== 'host_key_mismatch' &&
        node.lastError.code !== 'host_key_unknown' &&
        !lastTest ? (
          <div className="banner banner-error" role="alert">
            {node.lastError.message}
          </div>
        ) : null}
      </section>
      <HostKeyProblem node={node} />
      <CloudServerCard nodeId={node.id} />
      <PrepareServer node={node} />
      <NodeFacts node={node} />
      <NodeDeployments nodeId={node.id} />
      <NodeInventory
        node={node}
        onTerminal={(container) => terminals.open(container.name, { nodeId: node.id, containerId: container.id })}
      />
      <NodeTerminals tabs={terminals.tabs} onClose={terminals.close} />
      <ProxyCard nodeId={node.id} />
      {lastTest ? (
        <section className="card" aria-labelledby="test-heading">
          <h2 id="test-heading">Connection test</h2>
          <TestResultView test={lastTest} />
        </section>
      ) : null}
      <NodeEventList nodeId={node.id} />
      {isEditing ? <EditNodeDialog node={node} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { VaultGate } from '../keys/VaultGate';
import { AddNodeDialog } from './AddNodeDialog';
import { NodeDetail } from './NodeDetail';
import { NodeList } from './NodeList';

export function NodesPage() {
  const nodes = useAppStore((s) => s.nodes);
  const error = useAppStore((s) => s.nodesError);
  const load = useAppStore((s) => s.loadNodes);
  const watch = useAppStore((s) => s.watchNodes);
  const checkAll = useAppStore((s) => s.checkAllNodes);
  const selectedId = useAppStore((s) => s.route.id);
  const [isAdding, setAdding] = useState(false);
  const checking = useAction(checkAll);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  const selected = selectedId ? nodes?.find((node) => node.id === selectedId) : undefined;
  if (selected) return <NodeDetail node={selected} />;

  return (
    <div className="page">
      <PageHeader
        title="Nodes"
        subtitle="The servers you run apps on, checked over one SSH connection each."
        actions={
          <>
            <button
              type="button"
              disabled={checking.isPending || !nodes?.length}
              onClick={() => void checking.run()}
            >
              {checking.isPending ? 'Checking…' : 'Check all now'}
            </button>
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              Add node
            </button>
          </>
        }
      />
      <VaultGate />
      <ErrorBanner error={error ?? checking.error} />
      {selectedId && nodes ? (
        <ErrorBanner error={{ code: 'not_found', message: 'That node no longer exists.' }} />
      ) : null}
      {nodes?.length === 0 ? (
        <EmptyState title="No nodes yet">
          Add a server you can reach with SSH and that runs Docker.
        </EmptyState>
      ) : nodes ? (
        <NodeList nodes={nodes} />
      ) : null}
      {isAdding ? <AddNodeDialog onClose={() => setAdding(false)} /> : null}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { MissingNodeNotice } from '../cloud/CloudServerCard';
import { CloudServersList } from '../cloud/CloudServersList';
import { CreateServerDialog } from '../cloud/CreateServerDialog';
import { VaultGate } from '../keys/VaultGate';
import { AddNodeDialog } from './AddNodeDialog';
import { NodeDetail } from './NodeDetail';
import { NodeList } from './NodeList';

/** `#/nodes/new` opens the add dialog, so Home's checklist and other pages can link to it. */
function useAddRoute() {
  const routeId = useAppStore((s) => s.route.id);
  const navigate = useAppStore((s) => s.navigate);
  const [isOpen, setOpen] = useState(false);
  const isAddRoute = routeId === 'new';
  const setAdding = (isAdding: boolean) => {
    setOpen(isAdding);
    if (!isAdding && isAddRoute) navigate({ page: 'nodes' });
  };
  return { selectedId: isAddRoute ? undefined : routeId, isAdding: isOpen || isAddRoute, setAdding };
}

function NoNodes({ onAdd, onCreate }: { onAdd: () => void; onCreate: () => void }) {
  return (
    <EmptyState title="No nodes yet">
      <p>
        Add a server you can reach with SSH (the app installs Docker on it if it has none), or create one at
        DigitalOcean or Hetzner Cloud.
      </p>
      <button type="button" className="primary" onClick={onAdd}>
        Add your first server
      </button>{' '}
      <button type="button" onClick={onCreate}>
        Create a server…
      </button>
    </EmptyState>
  );
}

export function NodesPage() {
  const nodes = useAppStore((s) => s.nodes);
  const error = useAppStore((s) => s.nodesError);
  const load = useAppStore((s) => s.loadNodes);
  const watch = useAppStore((s) => s.watchNodes);
  const checkAll = useAppStore((s) => s.checkAllNodes);
  const { selectedId, isAdding, setAdding } = useAddRoute();
  const checking = useAction(checkAll);
  const [isCreating, setCreating] = useState(false);
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
            <button type="button" onClick={() => setCreating(true)}>
              Create a server…
            </button>
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              Add node
            </button>
          </>
        }
      />
      <VaultGate />
      <ErrorBanner error={error ?? checking.error} />
      {selectedId && nodes ? <MissingNodeNotice nodeId={selectedId} /> : null}
      <CloudServersList />
      {nodes?.length === 0 ? (
        <NoNodes onAdd={() => setAdding(true)} onCreate={() => setCreating(true)} />
      ) : nodes ? (
        <NodeList nodes={nodes} />
      ) : null}
      {isAdding ? <AddNodeDialog onClose={() => setAdding(false)} /> : null}
      {isCreating ? <CreateServerDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

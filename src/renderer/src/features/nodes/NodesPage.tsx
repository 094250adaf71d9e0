import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export function NodesPage() {
  return (
    <div className="page">
      <PageHeader title="Nodes" subtitle="The servers you run apps on." />
      <EmptyState title="Not in this build yet" />
    </div>
  );
}

import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export function DeploymentsPage() {
  return (
    <div className="page">
      <PageHeader title="Deployments" subtitle="Apps running on your nodes." />
      <EmptyState title="Not in this build yet" />
    </div>
  );
}

import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export function MarketplacePage() {
  return (
    <div className="page">
      <PageHeader title="Marketplace" subtitle="Templates you can deploy to your nodes." />
      <EmptyState title="Not in this build yet" />
    </div>
  );
}

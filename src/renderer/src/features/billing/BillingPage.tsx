import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';

export function BillingPage() {
  return (
    <div className="page">
      <PageHeader title="Billing" subtitle="What your customers owe you." />
      <EmptyState title="Not in this build yet" />
    </div>
  );
}

import { BillingPage } from '../features/billing/BillingPage';
import { DeploymentsPage } from '../features/deployments/DeploymentsPage';
import { MarketplacePage } from '../features/marketplace/MarketplacePage';
import { NodesPage } from '../features/nodes/NodesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { useAppStore } from '../store';

export function PageView() {
  const page = useAppStore((s) => s.route.page);
  switch (page) {
    case 'marketplace':
      return <MarketplacePage />;
    case 'nodes':
      return <NodesPage />;
    case 'deployments':
      return <DeploymentsPage />;
    case 'billing':
      return <BillingPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

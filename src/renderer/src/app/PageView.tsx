import { BackupsPage } from '../features/backups/BackupsPage';
import { BillingPage } from '../features/billing/BillingPage';
import { DeploymentsPage } from '../features/deployments/DeploymentsPage';
import { HomePage } from '../features/home/HomePage';
import { KeysPage } from '../features/keys/KeysPage';
import { MarketplacePage } from '../features/marketplace/MarketplacePage';
import { MonitoringPage } from '../features/monitoring/MonitoringPage';
import { NodesPage } from '../features/nodes/NodesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { useAppStore } from '../store';

export function PageView() {
  const page = useAppStore((s) => s.route.page);
  switch (page) {
    case 'home':
      return <HomePage />;
    case 'marketplace':
      return <MarketplacePage />;
    case 'nodes':
      return <NodesPage />;
    case 'keys':
      return <KeysPage />;
    case 'deployments':
      return <DeploymentsPage />;
    case 'backups':
      return <BackupsPage />;
    case 'monitoring':
      return <MonitoringPage />;
    case 'billing':
      return <BillingPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

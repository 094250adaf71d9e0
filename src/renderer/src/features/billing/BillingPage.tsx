import { useEffect } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { BillingSettingsTab } from './BillingSettingsTab';
import { CustomersTab } from './CustomersTab';
import { InvoicesTab } from './InvoicesTab';
import { InvoiceView } from './InvoiceView';
import { OverviewTab } from './OverviewTab';
import { UsageTab } from './UsageTab';
import styles from './billing.module.css';

const tabs = [
  { id: 'overview', label: 'Overview' },
  { id: 'invoices', label: 'Invoices' },
  { id: 'customers', label: 'Customers' },
  { id: 'usage', label: 'Usage' },
  { id: 'settings', label: 'Settings' },
] as const;
type Tab = (typeof tabs)[number]['id'];

/** `#/billing/<tab>` shows a tab; `#/billing/inv_…` shows one invoice, printable. */
export function BillingPage() {
  const routeId = useAppStore((s) => s.route.id);
  const navigate = useAppStore((s) => s.navigate);
  const load = useAppStore((s) => s.loadBilling);
  const watch = useAppStore((s) => s.watchBilling);
  const error = useAppStore((s) => s.billingError);
  const dismiss = useAppStore((s) => s.dismissBillingError);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  if (routeId?.startsWith('inv_')) {
    return (
      <div className={`page ${styles.billingPage}`}>
        <ErrorBanner error={error} onDismiss={dismiss} />
        <InvoiceView id={routeId} />
      </div>
    );
  }
  const tab: Tab = tabs.find((t) => t.id === routeId)?.id ?? 'overview';
  return (
    <div className={`page ${styles.billingPage}`}>
      <PageHeader
        title="Billing"
        subtitle="What each deployment earns, what your customers owe you, and whether they paid."
      />
      <nav className="tabs" aria-label="Billing sections">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            className={t.id === tab ? 'tab selected' : 'tab'}
            aria-current={t.id === tab ? 'page' : undefined}
            onClick={() => navigate({ page: 'billing', id: t.id })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <ErrorBanner error={error} onDismiss={dismiss} />
      {tab === 'overview' && <OverviewTab />}
      {tab === 'invoices' && <InvoicesTab />}
      {tab === 'customers' && <CustomersTab />}
      {tab === 'usage' && <UsageTab />}
      {tab === 'settings' && <BillingSettingsTab />}
    </div>
  );
}

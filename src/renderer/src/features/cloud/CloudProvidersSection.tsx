import { useEffect, useRef } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { CloudOrphans } from './CloudOrphans';
import { ProviderCard } from './ProviderCard';
import styles from './cloud.module.css';

/** Settings → Cloud providers: a token per provider, and the check for servers left behind. `#/settings/cloud` scrolls here. */
export function CloudProvidersSection() {
  const providers = useAppStore((s) => s.cloudProviders);
  const error = useAppStore((s) => s.cloudProvidersError);
  const load = useAppStore((s) => s.loadCloudProviders);
  const isFocused = useAppStore((s) => s.route.page === 'settings' && s.route.id === 'cloud');
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (isFocused) ref.current?.scrollIntoView({ block: 'start' });
  }, [isFocused, providers]);

  return (
    <section ref={ref} className="card" aria-labelledby="cloud-heading" data-testid="cloud-providers">
      <h2 id="cloud-heading">Cloud providers</h2>
      <p className="muted">
        With a provider&apos;s API token, the Nodes page can create servers there: the app makes each
        server&apos;s SSH host key itself, installs Docker with cloud-init and adds the server as a node with
        its monthly price as the node&apos;s cost.
      </p>
      <ErrorBanner error={error} />
      {providers ? (
        <div className={styles.providerCards}>
          {providers.map((status) => (
            <ProviderCard key={status.provider} status={status} />
          ))}
        </div>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      <CloudOrphans />
    </section>
  );
}

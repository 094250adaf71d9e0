import { useEffect } from 'react';
import type { Theme } from '@shared/contract/settings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatBytes } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { CloudProvidersSection } from '../cloud/CloudProvidersSection';
import { MonitoringStorage } from '../monitoring/MonitoringStorage';
import { SamplingSettings } from '../monitoring/SamplingSettings';
import { DesktopSettingsSection } from './DesktopSettingsSection';
import { DomainsSettingsSection } from './DomainsSettingsSection';
import { SecretsSection } from './SecretsSection';
import { UpdatesSection } from './UpdatesSection';

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function AboutSection() {
  const info = useAppStore((s) => s.systemInfo);
  const error = useAppStore((s) => s.systemError);
  const load = useAppStore((s) => s.loadSystemInfo);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-labelledby="about-heading">
      <h2 id="about-heading">This installation</h2>
      <ErrorBanner error={error} />
      {info ? (
        <dl className="facts">
          <dt>App version</dt>
          <dd data-testid="app-version">{info.appVersion}</dd>
          <dt>Running as</dt>
          <dd>{info.mode === 'desktop' ? 'Desktop app' : 'Browser mode'}</dd>
          <dt>Data folder</dt>
          <dd className="mono">{info.dataDir}</dd>
          <dt>Database file</dt>
          <dd className="mono">{info.databaseFile}</dd>
          <dt>Database size</dt>
          <dd data-testid="database-size">{formatBytes(info.databaseBytes)}</dd>
          <dt>Schema version</dt>
          <dd data-testid="schema-version">{info.schemaVersion}</dd>
          <dt>OS keychain</dt>
          <dd data-testid="keychain-status">
            {info.keychain.reachable ? (
              <span className="badge badge-ok">Reachable ({info.keychain.backend})</span>
            ) : (
              <>
                <span className="badge badge-error">Not reachable ({info.keychain.backend})</span>
                <p className="muted">{info.keychain.error}</p>
              </>
            )}
          </dd>
        </dl>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
    </section>
  );
}

function AppearanceSection() {
  const theme = useAppStore((s) => s.settings?.appearance.theme);
  const update = useAppStore((s) => s.updateSettings);
  const error = useAppStore((s) => s.settingsError);
  return (
    <section className="card" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Appearance</h2>
      <ErrorBanner error={error} />
      <fieldset className="segmented" aria-label="Theme">
        <legend>Theme</legend>
        {themes.map((option) => (
          <label key={option.value} className={theme === option.value ? 'segment selected' : 'segment'}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => void update({ appearance: { theme: option.value } })}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

export function SettingsPage() {
  return (
    <div className="page">
      <PageHeader title="Settings" subtitle="How this app is set up and where it keeps your data." />
      <AppearanceSection />
      <AboutSection />
      <DesktopSettingsSection />
      <UpdatesSection />
      <SamplingSettings />
      <MonitoringStorage />
      <DomainsSettingsSection />
      <SecretsSection />
      <CloudProvidersSection />
    </div>
  );
}

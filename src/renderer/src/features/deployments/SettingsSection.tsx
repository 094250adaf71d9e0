import { useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { unreachableReason } from './deployment-format';
import { SettingsDialog } from './SettingsDialog';
import styles from './settings.module.css';

const extraCount = (count: number) =>
  count === 0 ? null : `${count} extra variable${count === 1 ? '' : 's'}`;

/** What a service runs with beyond its template, in one line. */
function summaryOf(settings: DeploymentDetail['revisions'][number]['settings'] | undefined) {
  return Object.entries(settings?.services ?? {}).map(([name, s]) => {
    const parts = [
      s.replicas > 1 ? `${s.replicas} replicas` : null,
      s.cpuCores === null ? null : `${s.cpuCores} CPU`,
      s.memoryMb === null ? null : `${s.memoryMb} MB`,
      extraCount(Object.keys(s.environment).length),
    ].filter(Boolean);
    return `${name}: ${parts.join(', ')}`;
  });
}

/**
 * The deployment's settings (variables, extra environment, limits, replicas): changed through a
 * dialog that shows the compose diff before the update runs; offered while an update is.
 */
export function SettingsSection({ detail }: { detail: DeploymentDetail }) {
  const [isOpen, setIsOpen] = useState(false);
  const current = detail.revisions.find((r) => r.status === 'active') ?? detail.revisions[0];
  const lines = summaryOf(current?.settings);
  const unreachable = unreachableReason(detail, detail.nodeName);
  const canChange = unreachable === null && detail.actions.includes('update');
  return (
    <section className="card" aria-labelledby="deployment-settings-heading">
      <h2 id="deployment-settings-heading">Settings</h2>
      {lines.length === 0 ? (
        <p className="muted">
          Every service runs as its template says, within the template&apos;s declared resources.
        </p>
      ) : (
        <ul className={styles.summary} data-testid="settings-summary">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <button type="button" disabled={!canChange} onClick={() => setIsOpen(true)}>
        Edit settings…
      </button>
      {canChange ? null : (
        <p className="muted" data-testid="settings-blocker">
          {unreachable ?? 'Settings can be changed while the app can be updated.'}
        </p>
      )}
      {isOpen ? <SettingsDialog detail={detail} onClose={() => setIsOpen(false)} /> : null}
    </section>
  );
}

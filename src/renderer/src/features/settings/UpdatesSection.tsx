import { useEffect, useState } from 'react';
import type { UpdateState } from '@shared/contract/updates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import styles from './settings.module.css';

/** One line for where the app's updates stand. */
export function updateLine(state: UpdateState): string {
  const checked = state.lastCheckedAt
    ? ` Last checked ${new Date(state.lastCheckedAt).toLocaleString()}.`
    : '';
  switch (state.status) {
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return `Hoster Desktop ${state.currentVersion} is the newest version.${checked}`;
    case 'downloading':
      return `Downloading ${state.available?.version ?? 'an update'}: ${Math.round(state.progressPercent ?? 0)} %.${checked}`;
    case 'ready':
      return `${state.available?.version ?? 'An update'} is downloaded: it installs when you quit, or now with Restart.`;
    case 'error':
      return `The last check failed: ${state.error ?? 'no reason given'}.${checked}`;
    default:
      return `Version ${state.currentVersion}. Updates are checked at start and once a day.`;
  }
}

function useUpdates() {
  const api = useApi();
  const [state, setState] = useState<UpdateState | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    const off = api.on('updates:changed', setState);
    api['updates:status']({}).then(setState, (e: unknown) => setError(errorViewOf(e)));
    return off;
  }, [api]);
  const act = (work: () => Promise<unknown>) => () => {
    setError(null);
    work().catch((e: unknown) => setError(errorViewOf(e)));
  };
  return {
    state,
    error,
    check: act(async () => setState(await api['updates:check']({}))),
    restart: act(() => api['updates:restart']({})),
  };
}

/** Settings: the app's version and its updates, with the notes of the one found. */
export function UpdatesSection() {
  const { state, error, check, restart } = useUpdates();
  return (
    <section className="card" aria-labelledby="updates-heading">
      <h2 id="updates-heading">Updates</h2>
      <ErrorBanner error={error} />
      {!state ? (
        !error && <p className="muted">Loading…</p>
      ) : !state.isSupported ? (
        <p className="muted" data-testid="updates-line">
          Version {state.currentVersion}. {state.unsupportedReason}
        </p>
      ) : (
        <>
          <p data-testid="updates-line">{updateLine(state)}</p>
          {state.available?.releaseNotes && (
            <>
              <h3>What is new in {state.available.version}</h3>
              <p className={styles.releaseNotes}>{state.available.releaseNotes}</p>
            </>
          )}
          <div className="form-actions">
            <button type="button" onClick={check} disabled={state.status === 'checking'}>
              Check now
            </button>
            {state.status === 'ready' && (
              <button type="button" className="primary" onClick={restart}>
                Restart now
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

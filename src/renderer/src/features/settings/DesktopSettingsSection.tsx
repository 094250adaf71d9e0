import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import styles from './settings.module.css';

/** Background mode and start at login: what the installed app does when its window closes and when you log in. */
export function DesktopSettingsSection() {
  const desktop = useAppStore((s) => s.settings?.desktop);
  const mode = useAppStore((s) => s.systemInfo?.mode);
  const update = useAppStore((s) => s.updateSettings);
  const error = useAppStore((s) => s.settingsError);
  if (!desktop) return null;
  return (
    <section className="card" aria-labelledby="desktop-heading">
      <h2 id="desktop-heading">Desktop app</h2>
      <ErrorBanner error={error} />
      {mode === 'browser' && (
        <p className="muted">
          These apply to the installed desktop app; browser mode runs until you stop it.
        </p>
      )}
      <div className={styles.settingsForm}>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={desktop.keepInBackground}
            onChange={(event) => void update({ desktop: { keepInBackground: event.target.checked } })}
          />
          Keep running in the background when the window is closed
        </label>
        <p className={`muted ${styles.hint}`}>
          Monitoring, alerts and scheduled backups go on, and the tray icon opens the window again. Off:
          closing the window quits the app and nothing is watched until you open it.
        </p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={desktop.startAtLogin}
            onChange={(event) => void update({ desktop: { startAtLogin: event.target.checked } })}
          />
          Start at login, in the tray
        </label>
      </div>
    </section>
  );
}

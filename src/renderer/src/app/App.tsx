import { useEffect } from 'react';
import { useVisibilityReport } from '../features/monitoring/use-visibility-report';
import { useAppStore } from '../store';
import { formatRoute, parseRoute } from '../store/navigation-slice';
import { PageView } from './PageView';
import { Sidebar } from './Sidebar';
import { useTheme } from './use-theme';
import styles from './app-shell.module.css';

/** Keeps the store's route and the address bar's hash in step, so reload and back/forward work. */
function useHashRoute() {
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  useEffect(() => {
    const sync = () => navigate(parseRoute(window.location.hash));
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [navigate]);
  useEffect(() => {
    const hash = formatRoute(route);
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
  }, [route]);
}

export function App() {
  const loadSettings = useAppStore((s) => s.loadSettings);
  const watchSettings = useAppStore((s) => s.watchSettings);
  useEffect(() => {
    void loadSettings();
    return watchSettings();
  }, [loadSettings, watchSettings]);
  useHashRoute();
  useTheme();
  useVisibilityReport();

  return (
    <div className={styles.appShell}>
      <Sidebar />
      <main className={styles.appMain}>
        <PageView />
      </main>
    </div>
  );
}

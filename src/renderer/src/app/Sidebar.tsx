import { useAppStore } from '../store';
import type { Page } from '../store/navigation-slice';
import styles from './app-shell.module.css';

const items: { page: Page; label: string; icon: string }[] = [
  { page: 'marketplace', label: 'Marketplace', icon: '▦' },
  { page: 'nodes', label: 'Nodes', icon: '⧉' },
  { page: 'keys', label: 'Keys', icon: '✱' },
  { page: 'deployments', label: 'Deployments', icon: '▶' },
  { page: 'backups', label: 'Backups', icon: '⟲' },
  { page: 'monitoring', label: 'Monitoring', icon: '◔' },
  { page: 'billing', label: 'Billing', icon: '$' },
  { page: 'settings', label: 'Settings', icon: '⚙' },
];

export function Sidebar() {
  const current = useAppStore((s) => s.route.page);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <nav className={styles.sidebar} aria-label="Main">
      <div className={styles.sidebarBrand}>
        <img src="./icon.svg" alt="" width={28} height={28} />
        <span>Hoster Desktop</span>
      </div>
      <ul>
        {items.map((item) => (
          <li key={item.page}>
            <button
              type="button"
              className={item.page === current ? `${styles.navItem} ${styles.active}` : styles.navItem}
              aria-current={item.page === current ? 'page' : undefined}
              onClick={() => navigate({ page: item.page })}
            >
              <span className={styles.navIcon} aria-hidden>
                {item.icon}
              </span>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

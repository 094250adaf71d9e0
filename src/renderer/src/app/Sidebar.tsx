import { useAppStore } from '../store';
import type { Page } from '../store/navigation-slice';
import { NavIcon } from './NavIcon';
import styles from './app-shell.module.css';

const items: { page: Page; label: string }[] = [
  { page: 'home', label: 'Home' },
  { page: 'marketplace', label: 'Marketplace' },
  { page: 'nodes', label: 'Nodes' },
  { page: 'keys', label: 'Keys' },
  { page: 'deployments', label: 'Deployments' },
  { page: 'backups', label: 'Backups' },
  { page: 'monitoring', label: 'Monitoring' },
  { page: 'billing', label: 'Billing' },
  { page: 'settings', label: 'Settings' },
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
              <span className={styles.navIcon}>
                <NavIcon page={item.page} />
              </span>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

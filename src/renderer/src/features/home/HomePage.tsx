import { useEffect } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { ActivityCard, BackupsCard, MoneyCard } from './ActivityCards';
import { FirstRunChecklist, ShowChecklistButton } from './FirstRunChecklist';
import { AlertsCard, DeploymentsCard, NodesCard } from './FleetCards';
import styles from './home.module.css';

/** `#/home`: the fleet at a glance, read from the local store, so it shows while nodes are down. */
export function HomePage() {
  const load = useAppStore((s) => s.loadHome);
  const watch = useAppStore((s) => s.watchHome);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);

  return (
    <div className="page">
      <PageHeader
        title="Home"
        subtitle="Your servers, apps, alerts and money at a glance."
        actions={<ShowChecklistButton />}
      />
      <FirstRunChecklist />
      <div className={styles.grid}>
        <NodesCard />
        <DeploymentsCard />
        <AlertsCard />
        <BackupsCard />
        <MoneyCard />
        <ActivityCard />
      </div>
    </div>
  );
}

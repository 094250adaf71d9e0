import { useEffect } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { BackupOverviewTable } from './BackupOverviewTable';
import { RepositoryCard } from './RepositoryCard';

/** `#/backups`: the repository every backup goes to, and every deployment's schedule and last result. */
export function BackupsPage() {
  const watch = useAppStore((s) => s.watchBackups);
  const loadRepository = useAppStore((s) => s.loadBackupRepository);
  const loadOverview = useAppStore((s) => s.loadBackupOverview);
  const loadNodes = useAppStore((s) => s.loadNodes);
  useEffect(() => watch(), [watch]);
  useEffect(() => {
    void loadRepository();
    void loadOverview();
    void loadNodes();
  }, [loadRepository, loadOverview, loadNodes]);
  return (
    <div className="page" data-testid="backups-page">
      <PageHeader
        title="Backups"
        subtitle="Each deployment's volumes and database dumps, encrypted and deduplicated by restic in one repository on this computer or at a location you choose."
      />
      <RepositoryCard />
      <BackupOverviewTable />
    </div>
  );
}

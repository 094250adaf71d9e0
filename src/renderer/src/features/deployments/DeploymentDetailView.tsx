import { useCallback, useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { DeploymentMonitoring } from '../monitoring/DeploymentMonitoring';
import { BackupsSection } from '../backups/BackupsSection';
import { DeploymentTerminal } from '../terminal/DeploymentTerminal';
import { CredentialsSection } from './CredentialsSection';
import { ServicesSection } from './ServicesSection';
import { ActionBar } from './ActionBar';
import { DetailHeader } from './DetailHeader';
import { DomainsSection } from './DomainsSection';
import { PortsTable, TransitionsTable } from './DeploymentTables';
import { ProgressFeed } from './ProgressFeed';
import { RevisionHistory } from './RevisionHistory';
import { SettingsSection } from './SettingsSection';
import styles from './deployments.module.css';

/** A request to open one service's logs in the monitoring below; each request is new, even for the same service. */
function useLogsRequest() {
  const [request, setRequest] = useState<{ service: string; seq: number } | null>(null);
  const open = useCallback((service: string) => setRequest((p) => ({ service, seq: (p?.seq ?? 0) + 1 })), []);
  return [request, open] as const;
}

const NotesCard = ({ notes }: { notes: string }) => (
  <section className="card" aria-labelledby="deployment-notes-heading">
    <h2 id="deployment-notes-heading">Notes</h2>
    <p className={styles.deployNotes}>{notes}</p>
  </section>
);

/** `#/deployments/<id>`: kept live by the page's subscription to transitions and job changes. */
export function DeploymentDetailView({ id }: { id: string }) {
  const detail = useAppStore((s) => (s.deploymentDetail?.id === id ? s.deploymentDetail : null));
  const failure = useAppStore((s) =>
    s.deploymentDetailError?.id === id ? s.deploymentDetailError.error : null,
  );
  const load = useAppStore((s) => s.loadDeployment);
  const loadTargets = useAppStore((s) => s.loadDeployTargets);
  const navigate = useAppStore((s) => s.navigate);
  const [logsFor, openLogs] = useLogsRequest();
  useEffect(() => {
    void load(id);
    loadTargets().catch(() => undefined);
  }, [id, load, loadTargets]);

  const back = (
    <button type="button" className="link-button back-link" onClick={() => navigate({ page: 'deployments' })}>
      ← All deployments
    </button>
  );
  if (failure?.code === 'not_found') {
    return (
      <div className="page">
        {back}
        <EmptyState title="Deployment not found">
          <p>There is no deployment with id {id}. It may have been deleted.</p>
        </EmptyState>
      </div>
    );
  }
  if (!detail) {
    return (
      <div className="page">
        {back}
        {failure ? <ErrorBanner error={failure} /> : <p className="muted">Loading…</p>}
      </div>
    );
  }
  return (
    <div className="page" data-testid="deployment-detail">
      {back}
      <DetailHeader detail={detail} />
      <ActionBar detail={detail} />
      {detail.activeJobId ? <ProgressFeed deploymentId={detail.id} /> : null}
      <div className={`detail-columns ${styles.deployColumns}`}>
        <PortsTable detail={detail} />
        {detail.notes ? <NotesCard notes={detail.notes} /> : null}
      </div>
      <ServicesSection detail={detail} onLogs={openLogs} />
      <CredentialsSection detail={detail} />
      <SettingsSection detail={detail} />
      <DomainsSection detail={detail} />
      <BackupsSection detail={detail} />
      <RevisionHistory detail={detail} />
      <DeploymentMonitoring deploymentId={detail.id} logsFor={logsFor} />
      <DeploymentTerminal key={detail.id} detail={detail} />
      <TransitionsTable transitions={detail.transitions} />
    </div>
  );
}

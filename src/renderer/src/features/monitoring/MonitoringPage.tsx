import { useAppStore } from '../../store';
import { DeploymentMonitoring } from './DeploymentMonitoring';
import { FleetOverview } from './FleetOverview';

/** `#/monitoring`: the fleet; `#/monitoring/<deployment id>`: that deployment's tabs. */
export function MonitoringPage() {
  const id = useAppStore((s) => (s.route.page === 'monitoring' ? s.route.id : undefined));
  const name = useAppStore((s) => (id ? s.monitoringOverviews[id]?.deploymentName : undefined));
  const navigate = useAppStore((s) => s.navigate);
  if (!id) return <FleetOverview />;
  return (
    <div className="page">
      <button
        type="button"
        className="link-button back-link"
        onClick={() => navigate({ page: 'monitoring' })}
      >
        ← All nodes
      </button>
      <header className="page-header">
        <div>
          <h1>{name ?? (name === null ? 'Deleted deployment' : 'Deployment')}</h1>
          <p className="muted mono">{id}</p>
        </div>
        {name ? (
          <button type="button" onClick={() => navigate({ page: 'deployments', id })}>
            Open deployment
          </button>
        ) : null}
      </header>
      <DeploymentMonitoring deploymentId={id} />
    </div>
  );
}

import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { DeploymentDetailView } from './DeploymentDetailView';
import { DeploymentList } from './DeploymentList';
import { DeployWizard } from './DeployWizard';

/** `#/deployments`, `#/deployments/new` (the deploy wizard) and `#/deployments/<id>`. */
export function DeploymentsPage() {
  const id = useAppStore((s) => s.route.id);
  const watch = useAppStore((s) => s.watchDeployments);
  useEffect(() => watch(), [watch]);

  if (id === undefined) return <DeploymentList />;
  if (id === 'new') return <DeployWizard />;
  return <DeploymentDetailView key={id} id={id} />;
}

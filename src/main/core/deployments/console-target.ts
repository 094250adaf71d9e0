import type { TemplateManifest } from '@shared/contract/template-model';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { OperationDeps } from './deployment-runtime';

/** What a terminal or a maintenance command needs to know of a deployment. */
export interface ConsoleTarget {
  id: string;
  name: string;
  nodeId: string;
  status: DeploymentSummary['status'];
  /** The maintenance commands of its current template version. */
  commands: TemplateManifest['commands'];
}

export function consoleTarget({ repository }: OperationDeps, id: string): ConsoleTarget | null {
  const deployment = repository.get(id);
  if (!deployment || deployment.status === 'deleted') return null;
  const { name, nodeId, status } = deployment;
  return { id, name, nodeId, status, commands: repository.currentRevision(deployment)?.template.manifest.commands ?? [] };
}

/** A line in the deployment's history that is not a change of status (a maintenance command ran), announced to every window. */
export function recordInHistory({ repository, runtime }: OperationDeps, id: string, cause: string): void {
  const deployment = repository.get(id);
  if (!deployment || deployment.status === 'deleted') return;
  repository.recordChange(id, deployment.status, cause, runtime.now());
  runtime.announceChanged(deployment);
}

import type { DeploymentSummary } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';
import type { OperationDeps } from './deployment-runtime';

export const FORGET_CAUSE = 'forgotten here; its containers, network and volumes were left on the node';

/**
 * Removes a deployment from this app only: its row becomes `deleted`, its ports and keychain
 * entries are released, and nothing is sent to the node (which may be gone for good). Whatever
 * runs there keeps running; the user was told so before confirming.
 */
export async function forget(deps: OperationDeps, id: string): Promise<DeploymentSummary> {
  const { runtime, repository } = deps;
  const deployment = runtime.load(id);
  if (runtime.hasActiveJob(id))
    throw new AppError(
      'conflict',
      `${deployment.name} has an operation under way; wait for it to end or cancel it first.`,
    );
  repository.releaseAllocations(id);
  // The secrets only served containers this app no longer manages; one left behind holds nothing anyone reads.
  await deps.secrets.remove(id).catch(() => undefined);
  return runtime.summaryOf(runtime.move(runtime.load(id), 'deleted', FORGET_CAUSE));
}

import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import { AppError } from '@shared/result';
import { policyContext, resolveValues } from './deployable';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, Revision } from './deployment-types';
import { update, valuesForUpdate } from './revision-operations';
import { effectiveCompose, maskedValues } from './settings-compose';
import { checkSettings, nodeCpusOf, settingsFacts } from './service-settings';
import { updateStrategy } from './update-plan';

interface SettingsChange {
  id: string;
  settings: DeploymentSettings;
  variables?: Record<string, string> | undefined;
}

/** The revision settings start from: the one running, else the latest given. */
function baseOf(deps: OperationDeps, deployment: Deployment): Revision {
  const revision = deps.repository.activeRevision(deployment) ?? deps.repository.currentRevision(deployment);
  if (!revision)
    throw new AppError('conflict', `${deployment.name} has never been deployed; it has no settings yet.`);
  return revision;
}

/** The revision's compose structure as the engine reads it (placeholders unfilled). */
function structureOf(deps: OperationDeps, deployment: Deployment, revision: Revision) {
  const { compose } = deps.ports.engine.validate(
    revision.template,
    policyContext(deps.ports.nodes, deployment.nodeId),
  );
  if (!compose)
    throw new AppError(
      'conflict',
      `${deployment.templateName} ${revision.templateVersion} no longer validates; update it first.`,
    );
  return compose;
}

/** `deployments:settings`: the current revision's settings and what each service runs with without them. */
export function currentSettings(deps: OperationDeps, id: string) {
  const deployment = deps.runtime.load(id);
  const revision = baseOf(deps, deployment);
  const compose = structureOf(deps, deployment, revision);
  const nodeCpus = nodeCpusOf(deps.ports.nodes, deployment.nodeId);
  return {
    settings: revision.settings,
    services: settingsFacts(compose, revision.template.manifest, nodeCpus),
  };
}

/**
 * `deployments:settings-preview`: the compose as it runs now and as it would with the change, both
 * rendered with secrets masked, and whether the switch keeps the app up. Refuses what the update would.
 */
export async function settingsPreview(deps: OperationDeps, change: SettingsChange) {
  const deployment = deps.runtime.load(change.id);
  const revision = baseOf(deps, deployment);
  const { manifest } = revision.template;
  const compose = structureOf(deps, deployment, revision);
  const nodeCpus = nodeCpusOf(deps.ports.nodes, deployment.nodeId);
  checkSettings(compose, change.settings, nodeCpus);
  const existing = await deps.secrets.read(deployment.id);
  const values = resolveValues(
    deps.ports.engine,
    manifest,
    valuesForUpdate(manifest, revision, existing, change.variables),
  );
  const context = policyContext(deps.ports.nodes, deployment.nodeId);
  const render = (given: Record<string, string>) =>
    deps.ports.engine.render(revision.template, maskedValues(manifest, given, revision.secretNames), context)
      .compose;
  const isUp = deployment.status !== 'stopped' && deployment.status !== 'failed';
  const strategy = updateStrategy(deployment.exposure, compose, isUp);
  return {
    current: effectiveCompose(render(revision.variables), manifest, revision.settings, nodeCpus),
    next: effectiveCompose(render(values), manifest, change.settings, nodeCpus),
    staysUp: strategy.kind === 'alongside',
    reason: strategy.kind === 'alongside' ? null : strategy.reason,
  };
}

/** `deployments:apply-settings`: an update to the same version with these settings (and values). */
export const applySettingsUpdate = (
  deps: OperationDeps,
  change: SettingsChange & { acceptFindings: readonly string[] },
) =>
  update(deps, change.id, {
    variables: change.variables,
    settings: change.settings,
    acceptFindings: change.acceptFindings,
  });

import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import type { Template, TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import { checkDeployable, checkStored, newRevision, policyContext } from './deployable';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment, Revision, RevisionContent } from './deployment-types';
import { switchRevision, type Switch, type SwitchKind } from './revision-switch';
import { assertTransition } from './state-machine';
import { checkSettings, nodeCpusOf, noSettings, tidySettings } from './service-settings';
import { updateStrategy } from './update-plan';

/** A new revision made by `make` (another template version, new values, or an earlier revision), then a job that switches to it. */
async function replaceRevision(
  deps: OperationDeps,
  id: string,
  kind: SwitchKind,
  make: (deployment: Deployment, previous: Revision) => Promise<RevisionContent>,
) {
  const { runtime, repository } = deps;
  const deployment = runtime.load(id);
  assertTransition(deployment.status, 'updating', deployment.name);
  const previous = repository.activeRevision(deployment);
  if (!previous) throw new AppError('conflict', `${deployment.name} has never run; start it instead.`);
  runtime.assertIdle(deployment);
  const content = await make(deployment, previous);
  // The new revision and `updating` are recorded together before any work: a crash finds the intent.
  const { next, updating } = repository.atomically(() => {
    const added = repository.addRevision(id, content, runtime.now());
    return {
      next: added,
      updating: runtime.move(runtime.load(id), 'updating', `${kind} to ${added.templateVersion} (revision ${added.revision})`),
    };
  });
  const wasRunning = deployment.status !== 'stopped' && deployment.status !== 'failed';
  const change: Switch = { deployment: updating, previous, next, kind, wasRunning };
  return runtime.runJob(updating, kind, (job, docker) => switchRevision(deps, change, job, docker));
}

/** The values an update checks: the earlier ones, kept passwords, then the change; names the version lacks are dropped. */
export function valuesForUpdate(
  manifest: TemplateManifest,
  previous: Revision,
  existing: Record<string, string>,
  changed: Record<string, string> | undefined,
): Record<string, string> {
  // Password variables live with the secrets; one left out of the change keeps its value.
  const keptPasswords = Object.fromEntries(
    manifest.variables
      .filter((v) => v.type === 'password' && existing[v.name] !== undefined)
      .map((v) => [v.name, existing[v.name] ?? '']),
  );
  const given = { ...previous.variables, ...keptPasswords, ...changed };
  return Object.fromEntries(
    Object.entries(given).filter(([name]) => manifest.variables.some((v) => v.name === name)),
  );
}

/** The settings a new revision runs with, checked against its compose as the engine reads it. */
function settingsForUpdate(
  deps: OperationDeps,
  template: Template,
  nodeId: string,
  given: DeploymentSettings,
  { keepKnown }: { keepKnown: boolean },
): DeploymentSettings {
  const { compose } = deps.ports.engine.validate(template, policyContext(deps.ports.nodes, nodeId));
  if (!compose) return noSettings;
  const settings = keepKnown
    ? {
        services: Object.fromEntries(
          Object.entries(given.services).filter(([name]) => compose.services.some((s) => s.name === name)),
        ),
      }
    : given;
  checkSettings(compose, settings, nodeCpusOf(deps.ports.nodes, nodeId));
  return tidySettings(settings);
}

export const update = (
  deps: OperationDeps,
  id: string,
  change: {
    version?: string | undefined;
    variables?: Record<string, string> | undefined;
    /** New settings; without, the current revision's carry over (those of services the version lacks dropped). */
    settings?: DeploymentSettings | undefined;
    acceptFindings?: readonly string[];
  },
) =>
  replaceRevision(deps, id, 'update', async (deployment, previous) => {
    const existing = await deps.secrets.read(deployment.id);
    const deployable = checkDeployable(deps.ports, {
      subject: deployment.name,
      templateId: deployment.templateId,
      templateLabel: deployment.templateName,
      version: change.version ?? previous.templateVersion,
      values: (manifest) => valuesForUpdate(manifest, previous, existing, change.variables),
      placeOn: () => ({ id: deployment.nodeId }),
      accepted: { before: previous.acceptedFindings, given: change.acceptFindings ?? [] },
    });
    const settings = settingsForUpdate(
      deps,
      deployable.template,
      deployment.nodeId,
      change.settings ?? previous.settings,
      { keepKnown: change.settings === undefined },
    );
    const { content, secret } = newRevision(deployable, settings);
    const generated = deps.ports.engine.generateSecrets(deployable.template.manifest);
    // Secrets a deployment already has stay as they are: a database keeps its password across updates.
    await deps.secrets.write(deployment.id, { ...generated, ...existing, ...secret });
    return content;
  });

export const rollback = (deps: OperationDeps, id: string, acceptFindings: readonly string[] = []) =>
  replaceRevision(deps, id, 'rollback', (deployment, previous) => {
    const target = deps.repository
      .revisions(deployment.id)
      .find((r) => r.revision < previous.revision && r.status === 'superseded');
    if (!target)
      return Promise.reject(
        new AppError('conflict', `${deployment.name} has no earlier revision to roll back to.`),
      );
    // What the earlier revision asks of the node is judged against what is accepted now.
    const acceptedFindings = checkStored(deps.ports, {
      subject: deployment.name,
      template: target.template,
      nodeId: deployment.nodeId,
      accepted: { before: previous.acceptedFindings, given: acceptFindings },
    });
    const { templateVersion, template, variables, secretNames, settings } = target;
    return Promise.resolve({ templateVersion, template, variables, secretNames, acceptedFindings, settings });
  });

/**
 * How an update to `version` would replace the running revision, judged from the version's compose
 * as the engine reads it (structure only: no values, no secrets): kept up alongside, or stopped first.
 */
export function updatePreview(deps: OperationDeps, id: string, version: string) {
  const deployment = deps.runtime.load(id);
  const found = deps.ports.templates.version(deployment.templateId, version);
  if (!found)
    throw new AppError('not_found', `${deployment.templateName} has no published version ${version}.`, {
      field: 'version',
    });
  const { compose } = deps.ports.engine.validate(
    { manifest: found.manifest, compose: found.compose },
    policyContext(deps.ports.nodes, deployment.nodeId),
  );
  if (!compose) return { staysUp: false, reason: `version ${version} does not validate` };
  const isUp = deployment.status !== 'stopped' && deployment.status !== 'failed';
  const strategy = updateStrategy(deployment.exposure, compose, isUp);
  return strategy.kind === 'alongside'
    ? { staysUp: true, reason: null }
    : { staysUp: false, reason: strategy.reason };
}

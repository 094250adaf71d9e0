import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import type { Template, TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { PolicyContext } from '../templates';
import { splitValues } from './deployment-secrets';
import type { RevisionContent } from './deployment-types';
import { noSettings } from './service-settings';
import { acceptFindings, type Acceptance } from './policy-gate';
import type { DeploymentPorts } from './ports';

/** A template version as the catalogue gives it. */
export type CatalogueTemplate = NonNullable<ReturnType<DeploymentPorts['templates']['version']>>;

export interface DeployableRequest<N extends { id: string }> {
  /** The deployment's name, as refusals name it. */
  subject: string;
  templateId: string;
  /** How messages name the template. */
  templateLabel: string;
  version: string;
  /** The values to check against the version found (an update keeps earlier ones). */
  values: (manifest: TemplateManifest) => Record<string, string>;
  /** The node it will run on, chosen once the template's needs are known. */
  placeOn: (found: CatalogueTemplate) => N;
  accepted: Acceptance;
}

export interface Deployable<N> {
  templateName: string;
  version: string;
  template: Template;
  node: N;
  values: Record<string, string>;
  /** Every finding key accepted for the revision that will run it. */
  acceptedFindings: string[];
}

/** What the safety policy knows of a deployment's node. */
export const policyContext = (nodes: DeploymentPorts['nodes'], nodeId: string): PolicyContext => {
  const dockerSocket = nodes.get(nodeId)?.dockerSocket;
  return dockerSocket === undefined ? {} : { dockerSocket };
};

/** Fills defaults, then checks every value against the template's typed variables. */
export function resolveValues(
  engine: DeploymentPorts['engine'],
  manifest: TemplateManifest,
  given: Record<string, string>,
): Record<string, string> {
  const unknown = Object.keys(given).filter((name) => !manifest.variables.some((v) => v.name === name));
  if (unknown.length > 0)
    throw new AppError('invalid_input', `The template has no variable ${unknown.join(', ')}.`, {
      field: `variables.${unknown[0] ?? ''}`,
    });
  const values: Record<string, string> = {};
  for (const variable of manifest.variables) {
    const value = given[variable.name] ?? variable.default;
    if (value !== undefined) values[variable.name] = value;
  }
  const issue = engine.checkValues(manifest, values)[0];
  if (issue)
    throw new AppError('invalid_input', issue.message, {
      field: `variables.${issue.path.split('.').pop() ?? ''}`,
    });
  return values;
}

/**
 * Whether a template it already ran may run on its node again: it asks for nothing beyond what was
 * accepted. Returns the keys accepted from here on, or throws the refusal.
 */
export function checkStored(
  ports: DeploymentPorts,
  request: { subject: string; template: Template; nodeId: string; accepted: Acceptance },
): string[] {
  const report = ports.engine.validate(request.template, policyContext(ports.nodes, request.nodeId));
  return acceptFindings(report.findings, request.accepted, request.subject);
}

/**
 * Whether a template version may become a deployment's next revision: it exists, its values resolve,
 * it validates, and it asks the node for nothing the user has not accepted.
 */
export function checkDeployable<N extends { id: string }>(
  ports: DeploymentPorts,
  request: DeployableRequest<N>,
): Deployable<N> {
  const { version } = request;
  const found = ports.templates.version(request.templateId, version);
  if (!found) throw new AppError('not_found', `No version ${version} of ${request.templateLabel}.`);
  const values = resolveValues(ports.engine, found.manifest, request.values(found.manifest));
  const node = request.placeOn(found);
  const template = { manifest: found.manifest, compose: found.compose };
  const report = ports.engine.validate(template, policyContext(ports.nodes, node.id));
  const error = report.errors[0];
  if (error)
    throw new AppError(
      'invalid_input',
      `${found.templateName} ${version} has errors and cannot be deployed: ${error.message}`,
    );
  const acceptedFindings = acceptFindings(report.findings, request.accepted, request.subject);
  return { templateName: found.templateName, version, template, node, values, acceptedFindings };
}

/**
 * What a checked template becomes: the content of a new revision (plain values in the database) and
 * the secret values, which go to the keychain only.
 */
export function newRevision(
  deployable: Deployable<unknown>,
  settings: DeploymentSettings = noSettings,
): {
  content: RevisionContent;
  secret: Record<string, string>;
} {
  const { manifest } = deployable.template;
  const { plain, secret } = splitValues(manifest, deployable.values);
  return {
    content: {
      templateVersion: deployable.version,
      template: deployable.template,
      variables: plain,
      secretNames: [...manifest.secrets.map((s) => s.name), ...Object.keys(secret)],
      acceptedFindings: deployable.acceptedFindings,
      settings,
    },
    secret,
  };
}

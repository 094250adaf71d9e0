import type Docker from 'dockerode';
import type { Node, NodeEvent } from '@shared/contract/nodes';
import type {
  NormalizedCompose,
  PolicyFinding,
  Template,
  TemplateManifest,
  ValidationIssue,
  ValidationReport,
} from '@shared/contract/template-model';
import type { PresenceCheck } from '../secrets/presence';
import type { NodeConnections } from '../ssh/node-connections';
import type { PolicyContext } from '../templates';
import type { PlannedFile } from './plan-types';

/** What the deployments feature needs from templates, the template engine and nodes, wired in create-core. */
export interface DeploymentPorts {
  templates: {
    version(
      templateId: string,
      version: string,
    ): { templateName: string; manifest: TemplateManifest; compose: string } | undefined;
    /** The newest published version of the template when it is newer than `version`, else null. */
    newerPublished(templateId: string, version: string): string | null;
  };
  engine: {
    /** The template's report; `policy` names the node it is for (its Docker socket is a finding). */
    validate(template: Template, policy?: PolicyContext): ValidationReport;
    /** Problems with the values a user typed for the template's variables. */
    checkValues(manifest: TemplateManifest, values: Record<string, string>): ValidationIssue[];
    generateSecrets(manifest: TemplateManifest): Record<string, string>;
    /** The compose and config files with every `${NAME}` replaced, and the policy's findings on them. */
    render(
      template: Template,
      values: Record<string, string>,
      policy: PolicyContext,
    ): {
      compose: NormalizedCompose;
      files: (PlannedFile & { service: string })[];
      findings: PolicyFinding[];
    };
  };
  nodes: {
    get(nodeId: string): Node | undefined;
    list(): Node[];
  };
  /** Each change of a node's health status: a node back online has its deployments settled at once. */
  nodeStatus: { onChanged(listener: (event: NodeEvent) => void): () => void };
  connections: Pick<NodeConnections, 'docker' | 'exec' | 'openLocalForward' | 'status'>;
  /** The saved login for an image's registry (from the keychain), used when the node pulls it. */
  registryAuth(image: string): Promise<Docker.AuthConfig | undefined>;
  /** Domains routed to deployments (the domains feature): the address to open, and the proxy following a switch. */
  routes: {
    /** `https://<domain>/` for a deployment with an active domain, else null. */
    urlOf(deploymentId: string): string | null;
    /** Called once an update has switched host ports, before the old containers stop. */
    switched(deploymentId: string): Promise<void>;
  };
  /** That the user is at the machine before a secret is shown: the OS prompt or a typed passphrase. */
  presence: PresenceCheck;
}

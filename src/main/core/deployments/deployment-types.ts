import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import type { DeploymentStatus, Exposure } from '@shared/contract/deployment-model';
import type { Template } from '@shared/contract/template-model';
import type { PortGrant } from './port-allocator';

/** A deployment as the operations see it; the repository maps it to and from its row. */
export interface Deployment {
  id: string;
  name: string;
  nodeId: string;
  templateId: string;
  templateName: string;
  templateVersion: string;
  customerId: string | null;
  status: DeploymentStatus;
  exposure: Exposure;
  /** The template version's price; `priceOverrideCents`, when set, is what is billed. */
  priceMonthlyCents: number;
  priceOverrideCents: number | null;
  currentRevision: number | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewDeployment = Omit<Deployment, 'status' | 'currentRevision' | 'error' | 'updatedAt'>;

/** The fields an operation may change on a deployment besides its status. */
export type DeploymentChange = Partial<
  Pick<
    Deployment,
    'customerId' | 'priceOverrideCents' | 'currentRevision' | 'templateVersion' | 'priceMonthlyCents'
  >
>;

export type RevisionStatus = 'pending' | 'active' | 'superseded' | 'failed';

/** What a revision pins: the template as it was, the plain values, the secrets' names, what was accepted. */
export interface RevisionContent {
  templateVersion: string;
  template: Template;
  /** Values of the variables that are not secret; secret ones live in the keychain. */
  variables: Record<string, string>;
  secretNames: string[];
  /** The keys of the safety-policy findings the user said yes to for this revision, sorted. */
  acceptedFindings: string[];
  /** Per-service environment, limits and replicas: restart, rollback and recovery run the revision's own. */
  settings: DeploymentSettings;
}

export interface Revision extends RevisionContent {
  deploymentId: string;
  revision: number;
  imageDigests: Record<string, string>;
  status: RevisionStatus;
  createdAt: string;
}

/** A host port a deployment holds on its node, running or stopped. */
export interface PortAllocation extends PortGrant {
  nodeId: string;
  deploymentId: string;
}

export interface TransitionRecord {
  from: DeploymentStatus | null;
  to: DeploymentStatus;
  cause: string;
  at: string;
}

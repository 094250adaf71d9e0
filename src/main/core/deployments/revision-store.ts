import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import type { Database } from '../db/database';
import type { Deployment, Revision, RevisionContent, RevisionStatus } from './deployment-types';

interface RevisionRow {
  deployment_id: string;
  revision: number;
  template_version: string;
  manifest: string;
  compose: string;
  variables: string;
  secret_names: string;
  image_digests: string;
  status: RevisionStatus;
  created_at: string;
  accepted_findings: string;
  settings: string;
}

const toRevision = (row: RevisionRow): Revision => ({
  deploymentId: row.deployment_id,
  revision: row.revision,
  templateVersion: row.template_version,
  template: { manifest: JSON.parse(row.manifest) as Revision['template']['manifest'], compose: row.compose },
  variables: JSON.parse(row.variables) as Record<string, string>,
  secretNames: JSON.parse(row.secret_names) as string[],
  imageDigests: JSON.parse(row.image_digests) as Record<string, string>,
  status: row.status,
  createdAt: row.created_at,
  acceptedFindings: JSON.parse(row.accepted_findings) as string[],
  settings: JSON.parse(row.settings) as DeploymentSettings,
});

/** The one place a revision is written: its JSON columns are serialised here and nowhere else. */
const revisionRow = (
  deploymentId: string,
  revision: number,
  content: RevisionContent,
  at: string,
): RevisionRow => ({
  deployment_id: deploymentId,
  revision,
  template_version: content.templateVersion,
  manifest: JSON.stringify(content.template.manifest),
  compose: content.template.compose,
  variables: JSON.stringify(content.variables),
  secret_names: JSON.stringify(content.secretNames),
  image_digests: '{}',
  status: 'pending',
  created_at: at,
  accepted_findings: JSON.stringify([...content.acceptedFindings].sort()),
  settings: JSON.stringify(content.settings),
});

/** The revisions of each deployment (migration 004, accepted findings from 008, settings from 011). */
export function createRevisionStore(db: Database) {
  const insert = db.prepare(
    `INSERT INTO deployment_revisions (deployment_id, revision, template_version, manifest, compose, variables, secret_names, image_digests, status, created_at, accepted_findings, settings)
     VALUES (@deployment_id, @revision, @template_version, @manifest, @compose, @variables, @secret_names, @image_digests, @status, @created_at, @accepted_findings, @settings)`,
  );
  const revisions = (id: string): Revision[] =>
    db
      .prepare<[string], RevisionRow>(
        'SELECT * FROM deployment_revisions WHERE deployment_id = ? ORDER BY revision DESC',
      )
      .all(id)
      .map(toRevision);
  const revision = (id: string, number: number): Revision | undefined => {
    const row = db
      .prepare<[string, number], RevisionRow>(
        'SELECT * FROM deployment_revisions WHERE deployment_id = ? AND revision = ?',
      )
      .get(id, number);
    return row && toRevision(row);
  };
  /** The revision that last ran; undefined for a deployment that never came up. */
  const activeRevision = (deployment: Deployment): Revision | undefined =>
    deployment.currentRevision === null ? undefined : revision(deployment.id, deployment.currentRevision);

  return {
    revisions,
    revision,
    activeRevision,
    /** The revision that last ran, or for one that never did, the latest it was given. */
    currentRevision: (deployment: Deployment): Revision | undefined =>
      deployment.currentRevision === null ? revisions(deployment.id)[0] : activeRevision(deployment),
    /** Stores `content` as the deployment's next revision, pending until it runs. */
    addRevision(deploymentId: string, content: RevisionContent, at: string): Revision {
      const number = (revisions(deploymentId)[0]?.revision ?? 0) + 1;
      const row = revisionRow(deploymentId, number, content, at);
      insert.run(row);
      return toRevision(row);
    },
    setRevisionStatus(
      id: string,
      number: number,
      status: RevisionStatus,
      imageDigests?: Record<string, string>,
    ) {
      db.prepare(
        'UPDATE deployment_revisions SET status = ?, image_digests = COALESCE(?, image_digests) WHERE deployment_id = ? AND revision = ?',
      ).run(status, imageDigests ? JSON.stringify(imageDigests) : null, id, number);
    },
    setAcceptedFindings(id: string, number: number, keys: readonly string[]): void {
      db.prepare(
        'UPDATE deployment_revisions SET accepted_findings = ? WHERE deployment_id = ? AND revision = ?',
      ).run(JSON.stringify([...keys].sort()), id, number);
    },
  };
}

import { useState } from 'react';
import type { DeploymentDetail, Revision } from '@shared/contract/deployments';
import { formatDateTime } from './deployment-format';
import { DiffView } from './DiffView';
import styles from './deployments.module.css';

const revisionTone: Record<Revision['status'], string> = {
  active: 'badge-ok',
  pending: 'badge-warn',
  superseded: '',
  failed: 'badge-error',
};

/** Variables as `NAME=value` lines; secrets by name only, since their values never leave the keychain. */
const valuesText = (revision: Revision): string =>
  [
    ...Object.entries(revision.variables).map(([name, value]) => `${name}=${value}`),
    ...revision.secretNames.map((name) => `${name}=(secret, in the OS keychain)`),
    ...Object.entries(revision.imageDigests).map(([image, digest]) => `image ${image} @ ${digest}`),
  ]
    .sort()
    .join('\n');

function RevisionSelect({
  label,
  value,
  revisions,
  onChange,
}: {
  label: string;
  value: number;
  revisions: Revision[];
  onChange: (revision: number) => void;
}) {
  return (
    <label className={styles.compareField}>
      {label}
      <select value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {revisions.map((r) => (
          <option key={r.revision} value={r.revision}>
            #{r.revision} ({r.templateVersion}, {r.status})
          </option>
        ))}
      </select>
    </label>
  );
}

export function RevisionHistory({ detail }: { detail: DeploymentDetail }) {
  const { revisions } = detail;
  const [picked, setPicked] = useState<{ from: number; to: number } | null>(null);
  const from = revisions.find((r) => r.revision === picked?.from) ?? revisions[1];
  const to = revisions.find((r) => r.revision === picked?.to) ?? revisions[0];
  return (
    <section className="card" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">Revisions</h2>
      <table className="table" data-testid="revisions">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Template version</th>
            <th>Status</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
            <tr key={r.revision}>
              <td>#{r.revision}</td>
              <td>{r.templateVersion}</td>
              <td>
                <span className={`badge ${revisionTone[r.status]}`}>{r.status}</span>
              </td>
              <td>{formatDateTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {from && to ? (
        <div className={styles.revisionCompare}>
          <div className={styles.compareRow}>
            <RevisionSelect
              label="Compare"
              value={from.revision}
              revisions={revisions}
              onChange={(revision) => setPicked({ from: revision, to: to.revision })}
            />
            <RevisionSelect
              label="with"
              value={to.revision}
              revisions={revisions}
              onChange={(revision) => setPicked({ from: from.revision, to: revision })}
            />
          </div>
          <DiffView label="Compose file" before={from.compose} after={to.compose} />
          <DiffView label="Variables and images" before={valuesText(from)} after={valuesText(to)} />
        </div>
      ) : (
        <p className="muted">A diff appears here once there is a second revision.</p>
      )}
    </section>
  );
}

import type { ImportPreviewTemplate } from '@shared/contract/template-import-review';
import { useAppStore } from '../../store';
import { byAction, countItems } from './import-review-model';
import { ImportItems } from './ImportItems';
import { categoryLabel, issueWhere } from './template-format';
import styles from './import-review.module.css';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function Badges({ template }: { template: ImportPreviewTemplate }) {
  const counts = countItems(template.items);
  return (
    <span className={styles.badges}>
      {template.isSavable ? null : <span className="badge badge-error">needs fixing</span>}
      {counts.taken > 0 ? <span className="badge badge-ok">{counts.taken} taken</span> : null}
      {counts.changed > 0 ? <span className="badge badge-warn">{counts.changed} changed</span> : null}
      {counts.refused > 0 ? <span className="badge badge-error">{counts.refused} refused</span> : null}
      {template.findings.length > 0 ? (
        <span className="badge badge-warn">{plural(template.findings.length, 'finding')}</span>
      ) : null}
    </span>
  );
}

function Blocking({ template }: { template: ImportPreviewTemplate }) {
  const editAsNew = useAppStore((s) => s.editAsNew);
  return (
    <div className={styles.blocking}>
      <ul>
        {template.errors.slice(0, 3).map((issue, index) => (
          <li key={index}>
            <span className="mono">{issueWhere(issue)}</span> {issue.message}
          </li>
        ))}
      </ul>
      {template.errors.length > 3 ? <p className="muted">…and {template.errors.length - 3} more.</p> : null}
      <button type="button" className="link-button" onClick={() => editAsNew(template.template)}>
        Fix {template.name} in the editor
      </button>
    </div>
  );
}

function DeployNeeds({ template }: { template: ImportPreviewTemplate }) {
  return (
    <>
      {template.variables.length > 0 ? (
        <p className={styles.line}>
          <strong>To fill in at deploy:</strong>{' '}
          {template.variables.map((v, index) => (
            <span key={v.name}>
              {index > 0 ? ', ' : ''}
              <span title={v.name}>{v.label}</span>
              {v.isPassword ? <span className="muted"> (password)</span> : null}
            </span>
          ))}
          {template.variables.some((v) => v.isPassword) ? (
            <span className="muted">. Passwords are kept in the keychain.</span>
          ) : null}
        </p>
      ) : null}
      {template.findings.length > 0 ? (
        <div className={styles.line}>
          <strong>You will be asked to accept:</strong>
          <ul>
            {template.findings.map((finding) => (
              <li key={finding.key}>{finding.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** One template of the file: pick it to save, see what was done to it and what deploying it will ask. */
export function ImportReviewCard({
  template,
  isPicked,
  onPick,
}: {
  template: ImportPreviewTemplate;
  isPicked: boolean;
  onPick: (isPicked: boolean) => void;
}) {
  return (
    <article className={styles.card} aria-label={template.name}>
      <div className={styles.head}>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={isPicked}
            disabled={!template.isSavable}
            onChange={(event) => onPick(event.target.checked)}
            aria-label={`Save ${template.name}`}
          />
          <strong>{template.name}</strong>
        </label>
        <span className="muted mono">{template.slug}</span>
        <span className="muted">{categoryLabel(template.category)}</span>
        {template.source === '' ? null : (
          <span className="muted" title={`From ${template.source}`}>
            {template.source.replace(/ \(.*\)$/, '')}
          </span>
        )}
        <Badges template={template} />
      </div>
      {template.isSavable ? null : <Blocking template={template} />}
      <DeployNeeds template={template} />
      {template.items.length > 0 ? (
        <details className={styles.details}>
          <summary>What the import did ({template.items.length})</summary>
          <ImportItems items={byAction(template.items)} />
        </details>
      ) : null}
    </article>
  );
}

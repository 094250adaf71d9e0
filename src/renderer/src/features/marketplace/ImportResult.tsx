import { useAppStore } from '../../store';
import { ImportedCategory } from './ImportedCategory';
import { issueWhere } from './template-format';
import type { ImportResultData } from './use-import-review';
import styles from './marketplace.module.css';

/** After saving: what was stored, each to open (its guessed category changeable), and what is left to fix. */
export function ImportResult({ result }: { result: ImportResultData }) {
  const { report, created } = result;
  const navigate = useAppStore((s) => s.navigate);
  const editAsNew = useAppStore((s) => s.editAsNew);
  const needsFixing = report.templates.filter((t) => t.report.errors.length > 0);
  return (
    <div className={styles.importResult} data-testid="import-report">
      <h3>
        {created.length === 0
          ? 'Nothing was imported'
          : `Imported ${created.length} ${created.length === 1 ? 'template' : 'templates'} as drafts`}
      </h3>
      {report.errors.length > 0 ? (
        <ul className={styles.issueList}>
          {report.errors.map((issue, index) => (
            <li key={index} className={`issue ${styles.issueError}`}>
              <span className={styles.issueWhere}>{issueWhere(issue)}</span> {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {created.map((template) => (
        <div key={template.id} className={styles.importedTemplate}>
          <ImportedCategory template={template} />
          <button
            type="button"
            className="link-button"
            onClick={() => navigate({ page: 'marketplace', id: template.id })}
          >
            Open {template.name}
          </button>
        </div>
      ))}
      {needsFixing.map(({ template }, index) => (
        <button key={index} type="button" className="link-button" onClick={() => editAsNew(template)}>
          Fix {template.manifest.name} in the editor
        </button>
      ))}
    </div>
  );
}

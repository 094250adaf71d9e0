import type { ValidationReport } from '@shared/contract/template-model';
import { issueWhere } from './template-format';
import styles from './marketplace.module.css';

/** The editor's findings: errors block saving, warnings (policy flags among them) do not. */
export function IssueList({ report, isChecking }: { report: ValidationReport | null; isChecking: boolean }) {
  if (!report) return <p className="muted">{isChecking ? 'Checking…' : ''}</p>;
  const total = report.errors.length + report.warnings.length;
  return (
    <div data-testid="validation">
      <p
        className={
          report.errors.length > 0
            ? `${styles.statusLine} ${styles.statusError}`
            : `${styles.statusLine} ${styles.statusOk}`
        }
        role="status"
      >
        {report.errors.length > 0
          ? `${report.errors.length} ${report.errors.length === 1 ? 'error' : 'errors'}`
          : total > 0
            ? `Valid, with ${report.warnings.length} ${report.warnings.length === 1 ? 'warning' : 'warnings'}`
            : 'Valid'}
        {isChecking ? ' · checking…' : ''}
      </p>
      <ul className={styles.issueList}>
        {report.errors.map((issue, index) => (
          <li key={`e${index}`} className={styles.issueError} data-testid="validation-error">
            <span className={styles.issueWhere}>
              {issue.file === 'manifest' ? 'Manifest ' : ''}
              {issueWhere(issue)}
            </span>{' '}
            {issue.message}
          </li>
        ))}
        {report.warnings.map((issue, index) => (
          <li
            key={`w${index}`}
            className={issue.code.startsWith('policy:') ? styles.issuePolicy : styles.issueWarn}
          >
            <span className={styles.issueWhere}>{issueWhere(issue)}</span> {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

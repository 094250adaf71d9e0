import type { ValidationReport } from '@shared/contract/template-model';
import { issueWhere } from './template-format';

/** The editor's findings: errors block saving, warnings (policy flags among them) do not. */
export function IssueList({ report, isChecking }: { report: ValidationReport | null; isChecking: boolean }) {
  if (!report) return <p className="muted">{isChecking ? 'Checking…' : ''}</p>;
  const total = report.errors.length + report.warnings.length;
  return (
    <div className="issues" data-testid="validation">
      <p
        className={report.errors.length > 0 ? 'status-line status-error' : 'status-line status-ok'}
        role="status"
      >
        {report.errors.length > 0
          ? `${report.errors.length} ${report.errors.length === 1 ? 'error' : 'errors'}`
          : total > 0
            ? `Valid, with ${report.warnings.length} ${report.warnings.length === 1 ? 'warning' : 'warnings'}`
            : 'Valid'}
        {isChecking ? ' · checking…' : ''}
      </p>
      <ul className="issue-list">
        {report.errors.map((issue, index) => (
          <li key={`e${index}`} className="issue issue-error" data-testid="validation-error">
            <span className="issue-where">
              {issue.file === 'manifest' ? 'Manifest ' : ''}
              {issueWhere(issue)}
            </span>{' '}
            {issue.message}
          </li>
        ))}
        {report.warnings.map((issue, index) => (
          <li
            key={`w${index}`}
            className={issue.code.startsWith('policy:') ? 'issue issue-policy' : 'issue issue-warn'}
          >
            <span className="issue-where">{issueWhere(issue)}</span> {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

import { diffLines, foldUnchanged } from './line-diff';
import styles from './deployments.module.css';

const marks = { same: ' ', added: '+', removed: '-' } as const;
const lineClass = { same: undefined, added: styles.diffAdded, removed: styles.diffRemoved };

/** A unified line diff, unchanged stretches folded. */
export function DiffView({ label, before, after }: { label: string; before: string; after: string }) {
  const rows = foldUnchanged(diffLines(before, after));
  const isSame = rows.every((row) => row.kind === 'skipped');
  return (
    <figure className={styles.diff} aria-label={label}>
      <figcaption>{label}</figcaption>
      {isSame ? (
        <p className="muted">No differences.</p>
      ) : (
        <pre className={styles.diffLines} data-testid="diff-lines">
          {rows.map((row, index) =>
            row.kind === 'skipped' ? (
              <span key={index} className={styles.diffSkipped}>
                {`⋯ ${row.count} unchanged ${row.count === 1 ? 'line' : 'lines'}`}
              </span>
            ) : (
              <span key={index} className={lineClass[row.kind]}>
                {`${marks[row.kind]} ${row.text}`}
              </span>
            ),
          )}
        </pre>
      )}
    </figure>
  );
}

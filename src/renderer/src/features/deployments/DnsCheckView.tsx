import type { DnsCheck } from '@shared/contract/domains';
import styles from './domains.module.css';

/** What each resolver answered for the name, whether that is the node, and the record to create if not. */
export function DnsCheckView({ check }: { check: DnsCheck }) {
  const expected = check.expected.join(', ');
  return (
    <div className={styles.dnsCheck} data-testid="dns-check" data-ok={check.isOk}>
      <p>
        {check.isOk ? (
          <span className="badge badge-ok">Points at the node</span>
        ) : (
          <span className="badge badge-warn">Does not point at the node yet</span>
        )}{' '}
        <span className="muted">
          {check.hostname} should answer with {expected || 'the node’s address'}.
        </span>
      </p>
      <table className="table" aria-label="DNS answers">
        <thead>
          <tr>
            <th>Resolver</th>
            <th>Answered</th>
          </tr>
        </thead>
        <tbody>
          {check.answers.map((answer) => (
            <tr key={answer.resolver}>
              <td>{answer.resolver}</td>
              <td className="mono">
                {answer.error ? (
                  <span className={styles.failedText}>{answer.error}</span>
                ) : answer.addresses.length > 0 ? (
                  answer.addresses.join(', ')
                ) : (
                  'no address'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {check.advice ? (
        <p className={styles.advice} data-testid="dns-advice">
          {check.advice}
        </p>
      ) : null}
    </div>
  );
}

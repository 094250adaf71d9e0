import type { ImportItem } from '@shared/contract/template-model';

export const actionBadge: Record<ImportItem['action'], string> = {
  taken: 'badge-ok',
  changed: 'badge-warn',
  refused: 'badge-error',
};

/** What an import did, one row per item: taken, changed or refused, and why. */
export function ImportItems({ items }: { items: readonly ImportItem[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Result</th>
          <th>Item</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          <tr key={index}>
            <td>
              <span className={`badge ${actionBadge[item.action]}`}>{item.action}</span>
            </td>
            <td className="mono">{item.subject}</td>
            <td>{item.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

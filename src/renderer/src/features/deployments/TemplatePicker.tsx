import { useEffect, useState } from 'react';
import type { TemplateSummary } from '@shared/contract/templates';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import styles from './deployments.module.css';

function TemplateTable({ templates }: { templates: readonly TemplateSummary[] }) {
  const choose = useAppStore((s) => s.chooseDeployTemplate);
  return (
    <table className={`table ${styles.templatePicker}`}>
      <tbody>
        {templates.map((template) => (
          <tr key={template.id}>
            <td>
              <strong>{template.name}</strong> <span className="badge">v{template.version}</span>
              {template.isFlagged ? <span className="badge badge-warn">needs host access</span> : null}
              <div className="muted">{template.description}</div>
            </td>
            <td className="cell-actions">
              <button
                type="button"
                className="primary"
                aria-label={`Deploy ${template.name}`}
                onClick={() => choose({ templateId: template.id, version: template.version })}
              >
                Choose
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The first step of "New deployment" when no template was chosen in the marketplace. */
export function TemplatePicker() {
  const list = useAppStore((s) => s.listDeployableTemplates);
  const navigate = useAppStore((s) => s.navigate);
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [search, setSearch] = useState('');

  useEffect(() => {
    list().then(setTemplates, (failure: unknown) => setError(errorViewOf(failure)));
  }, [list]);

  if (error) return <ErrorBanner error={error} />;
  if (!templates) return <p className="muted">Loading templates…</p>;
  if (templates.length === 0) {
    return (
      <EmptyState title="No published templates">
        <p>Publish a template in the marketplace first.</p>
        <button type="button" onClick={() => navigate({ page: 'marketplace' })}>
          Open the marketplace
        </button>
      </EmptyState>
    );
  }
  const needle = search.trim().toLowerCase();
  const shown = templates.filter(
    (t) => needle === '' || `${t.name} ${t.description} ${t.tags.join(' ')}`.toLowerCase().includes(needle),
  );
  return (
    <section className="card">
      <input
        type="search"
        aria-label="Search templates to deploy"
        placeholder="Search templates"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <TemplateTable templates={shown} />
    </section>
  );
}

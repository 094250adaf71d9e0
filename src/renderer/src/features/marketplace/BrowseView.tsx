import { useEffect, useState } from 'react';
import type { TemplateScope, TemplateSort } from '@shared/contract/templates';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { ImportDialog } from './ImportDialog';
import { TemplateCard } from './TemplateCard';
import { categoryLabel } from './template-format';
import styles from './marketplace.module.css';

const scopes: { value: TemplateScope; label: string }[] = [
  { value: 'browse', label: 'Browse' },
  { value: 'mine', label: 'My templates' },
];

const noCategories: readonly string[] = [];

const sorts: { value: TemplateSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'newest', label: 'Newest' },
  { value: 'price', label: 'Price' },
];

function Filters() {
  const query = useAppStore((s) => s.templateQuery);
  const categories = useAppStore((s) => s.templateList?.categories ?? noCategories);
  const setQuery = useAppStore((s) => s.setTemplateQuery);
  return (
    <div className={styles.filters}>
      <div className={styles.filtersRow}>
        <fieldset className="segmented" aria-label="Which templates">
          <legend>Which templates</legend>
          {scopes.map((scope) => (
            <label key={scope.value} className={query.scope === scope.value ? 'segment selected' : 'segment'}>
              <input
                type="radio"
                name="scope"
                checked={query.scope === scope.value}
                onChange={() => setQuery({ scope: scope.value, category: null })}
              />
              {scope.label}
            </label>
          ))}
        </fieldset>
        <input
          type="search"
          className={styles.search}
          placeholder="Search name, description, tags"
          aria-label="Search templates"
          value={query.search}
          onChange={(event) => setQuery({ search: event.target.value })}
        />
        <label className={styles.inlineField}>
          Sort by
          <select
            aria-label="Sort by"
            value={query.sort}
            onChange={(event) => setQuery({ sort: event.target.value as TemplateSort })}
          >
            {sorts.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className={styles.pills} role="group" aria-label="Category">
        {[null, ...categories].map((category) => (
          <button
            key={category ?? 'all'}
            type="button"
            className={query.category === category ? `${styles.pill} ${styles.active}` : styles.pill}
            aria-pressed={query.category === category}
            onClick={() => setQuery({ category })}
          >
            {category === null ? 'All' : categoryLabel(category)}
          </button>
        ))}
      </div>
    </div>
  );
}

/** The templates found, or why there are none: nothing yet, or nothing matching the filters. */
function TemplateResults() {
  const list = useAppStore((s) => s.templateList);
  const error = useAppStore((s) => s.templateListError);
  const setQuery = useAppStore((s) => s.setTemplateQuery);
  const scope = useAppStore((s) => s.templateQuery.scope);
  const isUnfiltered = useAppStore((s) => s.templateQuery.search === '' && s.templateQuery.category === null);
  return (
    <>
      <ErrorBanner error={error} />
      {list === null ? (
        !error && <p className="muted">Loading…</p>
      ) : list.templates.length === 0 && isUnfiltered ? (
        <EmptyState title={scope === 'mine' ? 'You have no templates yet' : 'No templates are published'}>
          <p>Create one, or import a compose file, a Portainer or CasaOS template.</p>
        </EmptyState>
      ) : list.templates.length === 0 ? (
        <EmptyState title="No templates match">
          <p>Try another search or category.</p>
          <button type="button" onClick={() => setQuery({ search: '', category: null })}>
            Clear filters
          </button>
        </EmptyState>
      ) : (
        <>
          <p className="muted" data-testid="template-count">
            {list.templates.length} {list.templates.length === 1 ? 'template' : 'templates'}
          </p>
          <ul className={styles.templateGrid} aria-label="Templates">
            {list.templates.map((template) => (
              <TemplateCard key={template.id} template={template} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function BrowseView() {
  const load = useAppStore((s) => s.loadTemplates);
  const navigate = useAppStore((s) => s.navigate);
  const [isImporting, setIsImporting] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <PageHeader
        title="Marketplace"
        subtitle="Templates you can deploy to your nodes."
        actions={
          <>
            <button type="button" onClick={() => setIsImporting(true)}>
              Import
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => navigate({ page: 'marketplace', id: 'new' })}
            >
              New template
            </button>
          </>
        }
      />
      {isImporting ? <ImportDialog onClose={() => setIsImporting(false)} /> : null}
      <Filters />
      <TemplateResults />
    </div>
  );
}

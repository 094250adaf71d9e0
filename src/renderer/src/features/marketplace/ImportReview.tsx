import { useState } from 'react';
import type { ImportPreview } from '@shared/contract/template-import-review';
import { EmptyState } from '../../components/EmptyState';
import {
  pickShown,
  reviewFilters,
  summaryLine,
  summaryOf,
  togglePick,
  visibleTemplates,
  type ReviewFilter,
} from './import-review-model';
import { ImportItems } from './ImportItems';
import { ImportReviewCard } from './ImportReviewCard';
import { issueWhere } from './template-format';
import styles from './import-review.module.css';

/** Past this many templates the review offers a filter and a search. */
const FILTER_FROM = 6;

function FilterBar(props: {
  filter: ReviewFilter;
  onFilter: (filter: ReviewFilter) => void;
  search: string;
  onSearch: (search: string) => void;
}) {
  return (
    <div className={styles.toolbar}>
      <fieldset className="segmented" aria-label="Which templates to show">
        <legend>Which templates to show</legend>
        {reviewFilters.map((option) => (
          <label
            key={option.value}
            className={props.filter === option.value ? 'segment selected' : 'segment'}
          >
            <input
              type="radio"
              name="import-review-filter"
              checked={props.filter === option.value}
              onChange={() => props.onFilter(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <input
        type="search"
        aria-label="Search the templates"
        placeholder="Search by name or category"
        value={props.search}
        onChange={(event) => props.onSearch(event.target.value)}
      />
    </div>
  );
}

function FileProblems({ preview }: { preview: ImportPreview }) {
  return (
    <>
      {preview.errors.length > 0 ? (
        <ul className="banner banner-error" role="alert">
          {preview.errors.map((issue, index) => (
            <li key={index}>
              <span className="mono">{issueWhere(issue)}</span> {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {preview.items.length > 0 ? (
        <details className={styles.details}>
          <summary>
            {preview.items.length} {preview.items.length === 1 ? 'entry' : 'entries'} of the file did not
            become a template
          </summary>
          <ImportItems items={preview.items} />
        </details>
      ) : null}
    </>
  );
}

export interface ImportReviewProps {
  preview: ImportPreview;
  picked: ReadonlySet<number>;
  onPicked: (picked: Set<number>) => void;
}

/** Every template the file becomes, before anything is stored: pick which to save. */
export function ImportReview({ preview, picked, onPicked }: ImportReviewProps) {
  const [filter, setFilter] = useState<ReviewFilter>('all');
  const [search, setSearch] = useState('');
  const shown = visibleTemplates(preview, filter, search);
  const hasMany = preview.templates.length >= FILTER_FROM;
  return (
    <div className={styles.review} data-testid="import-review">
      <div className="section-head">
        <h3>{summaryLine(summaryOf(preview))}</h3>
        {preview.templates.length > 0 ? (
          <span className="muted">
            {picked.size} of {preview.templates.length} picked
          </span>
        ) : null}
      </div>
      <FileProblems preview={preview} />
      {preview.templates.length === 0 ? (
        <EmptyState title="Nothing in this file can become a template">
          <p>Go back to pick another file, or another format if this one was guessed wrong.</p>
        </EmptyState>
      ) : null}
      {hasMany ? (
        <FilterBar filter={filter} onFilter={setFilter} search={search} onSearch={setSearch} />
      ) : null}
      {preview.templates.length > 1 ? (
        <div className={styles.toolbar}>
          <button
            type="button"
            className="link-button"
            onClick={() => onPicked(pickShown(picked, shown, true))}
          >
            Pick all shown
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => onPicked(pickShown(picked, shown, false))}
          >
            Pick none of those shown
          </button>
        </div>
      ) : null}
      {preview.templates.length > 0 && shown.length === 0 ? (
        <p className="muted">No template matches this filter.</p>
      ) : null}
      <div className={styles.list}>
        {shown.map((template) => (
          <ImportReviewCard
            key={template.index}
            template={template}
            isPicked={picked.has(template.index)}
            onPick={(isPicked) => onPicked(togglePick(picked, template, isPicked))}
          />
        ))}
      </div>
    </div>
  );
}

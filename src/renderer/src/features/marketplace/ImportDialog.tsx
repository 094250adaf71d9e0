import { useState, type ChangeEvent } from 'react';
import type { ImportReport } from '@shared/contract/template-model';
import type { TemplateImportFormat, TemplateSummary } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { useAppStore } from '../../store';
import { ImportedCategory } from './ImportedCategory';
import { ImportFilesPicker, useImportFiles } from './ImportFilesPicker';
import type { PickedFolder } from './import-files-model';
import { issueWhere } from './template-format';
import styles from './marketplace.module.css';

const formats: { value: TemplateImportFormat; label: string }[] = [
  { value: 'compose', label: 'Docker Compose file' },
  { value: 'portainer', label: 'Portainer app templates (v2/v3 JSON)' },
  { value: 'casaos', label: 'CasaOS app (compose with x-casaos)' },
  { value: 'bundle', label: 'Hoster template bundle' },
];

/** Guesses the format from a file's name and content, so picking a file is usually enough. */
function guessFormat(name: string, text: string): TemplateImportFormat {
  if (text.includes('hoster-template-bundle')) return 'bundle';
  if (/\.json$/i.test(name)) return 'portainer';
  if (text.includes('x-casaos')) return 'casaos';
  return 'compose';
}

const actionBadge: Record<ImportReport['items'][number]['action'], string> = {
  taken: 'badge-ok',
  changed: 'badge-warn',
  refused: 'badge-error',
};

function ImportItems({ items }: { items: ImportReport['items'] }) {
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

function ImportResult({ report, created }: { report: ImportReport; created: TemplateSummary[] }) {
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
      {report.items.length > 0 ? <ImportItems items={report.items} /> : null}
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
      {needsFixing.map(({ template }) => (
        <button
          key={template.manifest.slug}
          type="button"
          className="link-button"
          onClick={() => editAsNew(template)}
        >
          Fix {template.manifest.name} in the editor
        </button>
      ))}
    </div>
  );
}

/** What to import: the format, and the text from a picked file (its format guessed) or pasted. */
function useImportSource() {
  const [format, setFormat] = useState<TemplateImportFormat>('compose');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>(undefined);
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    setFileName(file.name);
    setFormat(guessFormat(file.name, content));
  };
  return { format, setFormat, text, setText, fileName, readFile };
}

type ImportSource = ReturnType<typeof useImportSource>;

function useImport() {
  const importTemplates = useAppStore((s) => s.importTemplates);
  const [result, setResult] = useState<{ report: ImportReport; created: TemplateSummary[] } | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const submit = async ({ format, text, fileName }: ImportSource, folder: PickedFolder | null) => {
    setIsBusy(true);
    setError(null);
    try {
      setResult(
        folder
          ? await importTemplates('compose', '', folder.name, folder.source)
          : await importTemplates(format, text, fileName),
      );
    } catch (failure) {
      setError(errorViewOf(failure));
    } finally {
      setIsBusy(false);
    }
  };
  return { submit, result, error, isBusy };
}

function SourceFields({ source }: { source: ImportSource }) {
  return (
    <>
      <div className="form-grid">
        <Field label="Format">
          {(id) => (
            <select
              id={id}
              value={source.format}
              onChange={(event) => source.setFormat(event.target.value as TemplateImportFormat)}
            >
              {formats.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="File">
          {(id) => (
            <input
              id={id}
              type="file"
              accept=".yml,.yaml,.json,.txt"
              onChange={(event) => void source.readFile(event)}
            />
          )}
        </Field>
      </div>
      <Field label="Or paste its content">
        {(id) => (
          <textarea
            id={id}
            aria-label="Content to import"
            rows={10}
            value={source.text}
            onChange={(event) => source.setText(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const source = useImportSource();
  const importing = useImport();
  const files = useImportFiles();
  return (
    <section className={`card ${styles.dialog}`} role="dialog" aria-label="Import templates">
      <h2>Import templates</h2>
      <ErrorBanner error={importing.error} />
      <SourceFields source={source} />
      <ImportFilesPicker files={files} />
      <div className="page-actions">
        <button
          type="button"
          className="primary"
          disabled={importing.isBusy || (source.text.trim() === '' && !files.picked)}
          onClick={() => void importing.submit(source, files.picked)}
        >
          {importing.isBusy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {importing.result ? (
        <ImportResult report={importing.result.report} created={importing.result.created} />
      ) : null}
    </section>
  );
}

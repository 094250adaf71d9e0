import { useState, type ChangeEvent } from 'react';
import type { TemplateImportFormat } from '@shared/contract/templates';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { ImportResult } from './ImportResult';
import { ImportReview } from './ImportReview';
import { PendingStacks } from './PendingStacks';
import { useImportReview, type ImportRequest } from './use-import-review';
import { ImportFilesPicker, useImportFiles, type ImportFiles } from './ImportFilesPicker';
import styles from './marketplace.module.css';

const formats: { value: TemplateImportFormat; label: string }[] = [
  { value: 'compose', label: 'Docker Compose file' },
  { value: 'portainer', label: 'Portainer app templates (v1/v2/v3 JSON)' },
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

/** Close, asking first while picked templates are still unsaved. */
function CloseButton({ unsaved, onClose }: { unsaved: number; onClose: () => void }) {
  const [isAsking, setIsAsking] = useState(false);
  return (
    <>
      <button type="button" onClick={() => (unsaved > 0 ? setIsAsking(true) : onClose())}>
        Close
      </button>
      {isAsking ? (
        <ConfirmDialog
          title="Close without saving?"
          confirmLabel="Close without saving"
          pendingLabel="Closing…"
          action={() => Promise.resolve(onClose())}
          onClose={() => setIsAsking(false)}
        >
          <p>
            The {unsaved} picked {unsaved === 1 ? 'template is' : 'templates are'} not saved yet; closing
            drops this review.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/** A picked folder or zip goes instead of the text: its compose file is found among its files. */
const requestOf = (source: ImportSource, folder: ImportFiles['picked']): ImportRequest =>
  folder
    ? { format: 'compose', text: '', fileName: folder.name, ...folder.source }
    : {
        format: source.format,
        text: source.text,
        ...(source.fileName === undefined ? {} : { fileName: source.fileName }),
      };

function ImportActions({
  source,
  files,
  importing,
  onClose,
}: {
  source: ImportSource;
  files: ImportFiles;
  importing: ReturnType<typeof useImportReview>;
  onClose: () => void;
}) {
  const { step, busy, picked } = importing;
  const request = requestOf(source, files.picked);
  return (
    <div className="page-actions">
      {step.kind === 'source' ? (
        <button
          type="button"
          className="primary"
          disabled={busy !== null || (source.text.trim() === '' && !files.picked)}
          onClick={() => void importing.review(request)}
        >
          {busy === 'reviewing' ? 'Reviewing…' : 'Review'}
        </button>
      ) : null}
      {step.kind === 'review' ? (
        <button
          type="button"
          className="primary"
          disabled={busy !== null || picked.size === 0}
          onClick={() => void importing.save()}
        >
          {busy === 'saving'
            ? 'Saving…'
            : `Save ${picked.size} ${picked.size === 1 ? 'template' : 'templates'}`}
        </button>
      ) : null}
      {step.kind === 'source' ? null : (
        <button type="button" disabled={busy !== null} onClick={importing.back}>
          {step.kind === 'review' ? 'Back' : 'Import another file'}
        </button>
      )}
      <CloseButton unsaved={step.kind === 'review' ? picked.size : 0} onClose={onClose} />
    </div>
  );
}

/** Choose or paste a file, review every template it becomes, save the picked ones. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const source = useImportSource();
  const importing = useImportReview();
  const { step } = importing;
  const files = useImportFiles();
  return (
    <section className={`card ${styles.dialog}`} role="dialog" aria-label="Import templates">
      <h2>Import templates</h2>
      <ErrorBanner error={importing.error} />
      {step.kind === 'source' ? (
        <>
          <SourceFields source={source} />
          <ImportFilesPicker files={files} />
        </>
      ) : null}
      {step.kind === 'review' ? (
        <>
          <PendingStacks pending={step.preview.pending} importFiles={importing.addStackFiles} />
          <ImportReview preview={step.preview} picked={importing.picked} onPicked={importing.setPicked} />
        </>
      ) : null}
      {step.kind === 'saved' ? <ImportResult result={step.result} /> : null}
      <ImportActions source={source} files={files} importing={importing} onClose={onClose} />
    </section>
  );
}

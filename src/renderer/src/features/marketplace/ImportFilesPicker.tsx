import { useState, type ChangeEvent } from 'react';
import { readFolder, readZipFile, type PickedFolder } from './import-files-model';
import styles from './import-files-picker.module.css';

/** The folder or zip picked for import, read in the renderer (a zip is unpacked by the core). */
export function useImportFiles() {
  const [picked, setPicked] = useState<PickedFolder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isReading, setIsReading] = useState(false);
  const read = async (event: ChangeEvent<HTMLInputElement>, kind: 'folder' | 'zip') => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length === 0) return;
    setIsReading(true);
    setError(null);
    try {
      const result = kind === 'folder' ? await readFolder(files) : await readZipFile(files[0] as File);
      setPicked(typeof result === 'string' ? null : result);
      setError(typeof result === 'string' ? result : null);
    } catch (failure) {
      setPicked(null);
      setError(
        `The ${kind} could not be read: ${failure instanceof Error ? failure.message : String(failure)}`,
      );
    } finally {
      setIsReading(false);
    }
  };
  return { picked, error, isReading, read, clear: () => setPicked(null) };
}

export type ImportFiles = ReturnType<typeof useImportFiles>;

/**
 * "Choose folder…" and "Choose zip…": a compose file with the files it binds (an nginx.conf, a
 * prometheus.yml), which become the template's config files instead of empty volumes.
 */
export function ImportFilesPicker({ files }: { files: ImportFiles }) {
  return (
    <div className={styles.picker} role="group" aria-label="Folder or zip">
      <p className="muted">
        Or a folder or zip with the compose file and the files it binds: they become the template&apos;s
        config files.
      </p>
      <div className={styles.actions}>
        <label className={styles.pick}>
          Choose folder…
          <input
            type="file"
            {...{ webkitdirectory: '', directory: '' }}
            multiple
            onChange={(event) => void files.read(event, 'folder')}
          />
        </label>
        <label className={styles.pick}>
          Choose zip…
          <input
            type="file"
            accept=".zip,application/zip"
            onChange={(event) => void files.read(event, 'zip')}
          />
        </label>
        {files.isReading ? <span className="muted">Reading…</span> : null}
        {files.picked ? (
          <span data-testid="import-files-picked">
            {files.picked.summary}, imported instead of a file or text above{' '}
            <button type="button" className="link-button" onClick={files.clear}>
              Clear
            </button>
          </span>
        ) : null}
      </div>
      {files.error ? (
        <p className="field-error" role="alert">
          {files.error}
        </p>
      ) : null}
    </div>
  );
}

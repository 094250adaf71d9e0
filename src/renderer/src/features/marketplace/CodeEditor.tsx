import { useRef, type UIEvent } from 'react';
import { YamlLine } from './YamlView';
import styles from './code-view.module.css';

interface CodeEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** 1-based line numbers that carry an error, marked in the gutter and behind the text. */
  errorLines: ReadonlySet<number>;
}

/**
 * A textarea over a highlighted copy of the same text: the textarea keeps native editing, undo
 * and accessibility; the layer behind it only paints colours and error lines. Both scroll together.
 */
export function CodeEditor({ label, value, onChange, errorLines }: CodeEditorProps) {
  const backdrop = useRef<HTMLDivElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split('\n');
  const syncScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    const { scrollTop, scrollLeft } = event.currentTarget;
    if (backdrop.current) {
      backdrop.current.scrollTop = scrollTop;
      backdrop.current.scrollLeft = scrollLeft;
    }
    if (gutter.current) gutter.current.scrollTop = scrollTop;
  };
  return (
    <div className={styles.codeEditor}>
      <div className={styles.codeEditorGutter} ref={gutter} aria-hidden>
        {lines.map((_, index) => (
          <div
            key={index}
            className={
              errorLines.has(index + 1) ? `${styles.gutterLine} ${styles.gutterError}` : styles.gutterLine
            }
            data-error-line={errorLines.has(index + 1) ? index + 1 : undefined}
          >
            {index + 1}
          </div>
        ))}
      </div>
      <div className={styles.codeEditorBody}>
        <div className={styles.codeEditorBackdrop} ref={backdrop} aria-hidden>
          {lines.map((line, index) => (
            <div
              key={index}
              className={
                errorLines.has(index + 1)
                  ? `${styles.backdropLine} ${styles.backdropError}`
                  : styles.backdropLine
              }
            >
              <YamlLine text={line} />
            </div>
          ))}
        </div>
        <textarea
          aria-label={label}
          className={styles.codeEditorInput}
          value={value}
          spellCheck={false}
          wrap="off"
          onChange={(event) => onChange(event.target.value)}
          onScroll={syncScroll}
        />
      </div>
    </div>
  );
}

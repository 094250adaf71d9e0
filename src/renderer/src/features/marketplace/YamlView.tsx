import { tokenizeYamlLine } from './yaml-tokens';
import styles from './code-view.module.css';

const tokenClass = {
  key: styles.hlKey,
  string: styles.hlString,
  comment: styles.hlComment,
  variable: styles.hlVariable,
};

/** The tokens of one line as spans, coloured by kind; `data-token` names the kind. */
export function YamlLine({ text }: { text: string }) {
  return (
    <>
      {tokenizeYamlLine(text).map((token, index) =>
        token.kind === 'plain' || token.kind === 'punctuation' ? (
          token.text
        ) : (
          <span key={index} className={tokenClass[token.kind]} data-token={token.kind}>
            {token.text}
          </span>
        ),
      )}
    </>
  );
}

/** A read-only, highlighted compose file with line numbers. */
export function YamlView({ text, label }: { text: string; label: string }) {
  const lines = text.split('\n');
  return (
    <pre className={styles.codeView} aria-label={label} data-testid="compose-view">
      {lines.map((line, index) => (
        <div key={index} className={styles.codeLine}>
          <span className={styles.codeGutter} aria-hidden>
            {index + 1}
          </span>
          <code>
            <YamlLine text={line} />
          </code>
        </div>
      ))}
    </pre>
  );
}

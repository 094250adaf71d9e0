import { tokenizeYamlLine } from './yaml-tokens';
import './code-view.css';

/** The tokens of one line as spans; `hl-*` classes colour them. */
export function YamlLine({ text }: { text: string }) {
  return (
    <>
      {tokenizeYamlLine(text).map((token, index) =>
        token.kind === 'plain' || token.kind === 'punctuation' ? (
          token.text
        ) : (
          <span key={index} className={`hl-${token.kind}`}>
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
    <pre className="code-view" aria-label={label} data-testid="compose-view">
      {lines.map((line, index) => (
        <div key={index} className="code-line">
          <span className="code-gutter" aria-hidden>
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

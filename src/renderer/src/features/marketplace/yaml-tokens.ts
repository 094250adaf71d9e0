export type TokenKind = 'key' | 'string' | 'comment' | 'variable' | 'punctuation' | 'plain';
export interface Token {
  kind: TokenKind;
  text: string;
}

const KEY = /^(\s*(?:-\s+)?)((?:"[^"]*"|'[^']*'|[^\s#'"{}[\],:][^#:]*?))(\s*:)(?=\s|$)/;
const VARIABLE = /\$\{[^}\s]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/** Splits plain text so `${VARS}` stand out wherever they are, quoted or not. */
function withVariables(text: string, kind: TokenKind): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    if (match.index > last) tokens.push({ kind, text: text.slice(last, match.index) });
    tokens.push({ kind: 'variable', text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) tokens.push({ kind, text: text.slice(last) });
  return tokens;
}

/** The value part of a line: quoted strings, a trailing comment, and the plain rest. */
function valueTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let plain = '';
  const flush = () => {
    if (plain) tokens.push(...withVariables(plain, 'plain'));
    plain = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (char === '"' || char === "'") {
      let end = i + 1;
      while (end < text.length && text.charAt(end) !== char)
        end += char === '"' && text.charAt(end) === '\\' ? 2 : 1;
      flush();
      tokens.push(...withVariables(text.slice(i, end + 1), 'string'));
      i = end;
    } else if (char === '#' && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
      flush();
      tokens.push({ kind: 'comment', text: text.slice(i) });
      return tokens;
    } else {
      plain += char;
    }
  }
  flush();
  return tokens;
}

/** A deliberately small YAML highlighter: keys, strings, comments and variables, one line at a time. */
export function tokenizeYamlLine(line: string): Token[] {
  if (/^\s*#/.test(line)) return [{ kind: 'comment', text: line }];
  const key = KEY.exec(line);
  if (!key) return valueTokens(line);
  const [whole, indent = '', name = '', colon = ''] = key;
  const tokens: Token[] = [];
  if (indent) tokens.push({ kind: 'punctuation', text: indent });
  tokens.push({ kind: 'key', text: name }, { kind: 'punctuation', text: colon });
  return [...tokens, ...valueTokens(line.slice(whole.length))];
}

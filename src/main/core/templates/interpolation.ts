export type Operator = '' | ':-' | '-' | ':?' | '?' | ':+' | '+';

export type Part =
  { kind: 'text'; text: string } | { kind: 'variable'; name: string; operator: Operator; argument: Part[] };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * `compose`: the compose grammar, where `$NAME` and `${NAME…}` are variables and any other `$`
 * is an error. `braced`: for config files (nginx, shell scripts), only `${NAME…}` is a variable
 * and a lone `$` stays literal. In both, `$$` is a literal `$`.
 */
export type Grammar = 'compose' | 'braced';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS: Operator[] = [':-', ':?', ':+', '-', '?', '+'];
const MAX_NESTING = 8;

const closingBrace = (text: string, open: number): number => {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '$' && text[i + 1] === '$') i += 1;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth += 1;
      i += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
};

function parseBraced(body: string, grammar: Grammar, depth: number): Parsed<Part> {
  const name = NAME.exec(body)?.[0];
  if (name === undefined) return { ok: false, error: `"\${${body}}" is not a variable reference` };
  const rest = body.slice(name.length);
  if (rest === '') return { ok: true, value: { kind: 'variable', name, operator: '', argument: [] } };
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (operator === undefined)
    return { ok: false, error: `"\${${body}}" uses an unknown operator; use :- - :? ? :+ or +` };
  const argument = parseParts(rest.slice(operator.length), grammar, depth + 1);
  return argument.ok
    ? { ok: true, value: { kind: 'variable', name, operator, argument: argument.value } }
    : argument;
}

function parseParts(text: string, grammar: Grammar, depth: number): Parsed<Part[]> {
  if (depth > MAX_NESTING) return { ok: false, error: 'variable defaults nest too deeply' };
  const parts: Part[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, at);
    const next = text[at + 1];
    if (next === '$') {
      literal += '$';
      i = at + 2;
    } else if (next === '{') {
      const end = closingBrace(text, at);
      if (end < 0) return { ok: false, error: `"${text.slice(at, at + 40)}" has no closing brace` };
      const part = parseBraced(text.slice(at + 2, end), grammar, depth);
      if (!part.ok) return part;
      flush();
      parts.push(part.value);
      i = end + 1;
    } else {
      const name = grammar === 'compose' ? NAME.exec(text.slice(at + 1))?.[0] : undefined;
      if (name !== undefined) {
        flush();
        parts.push({ kind: 'variable', name, operator: '', argument: [] });
        i = at + 1 + name.length;
      } else if (grammar === 'braced') {
        literal += '$';
        i = at + 1;
      } else {
        return {
          ok: false,
          error: `a lone "$" at "${text.slice(at, at + 20)}"; write "$$" for a literal dollar sign`,
        };
      }
    }
  }
  flush();
  return { ok: true, value: parts };
}

export const parseInterpolation = (text: string, grammar: Grammar = 'compose'): Parsed<Part[]> =>
  parseParts(text, grammar, 0);

export const hasDollar = (text: string): boolean => text.includes('$');

export function referencedNames(parts: Part[], into: Set<string> = new Set()): Set<string> {
  for (const part of parts) {
    if (part.kind === 'variable') {
      into.add(part.name);
      referencedNames(part.argument, into);
    }
  }
  return into;
}

export const isLiteral = (parts: Part[]): boolean => parts.every((p) => p.kind === 'text');

/** Values come only from `lookup`, which answers for declared variables and secrets: never from the process environment. */
export function substituteParts(parts: Part[], lookup: (name: string) => string | undefined): Parsed<string> {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const value = lookup(part.name);
    const isSet = value !== undefined;
    const isFilled = isSet && value !== '';
    const argument = () => substituteParts(part.argument, lookup);
    let piece: Parsed<string>;
    switch (part.operator) {
      case '':
        piece = { ok: true, value: value ?? '' };
        break;
      case ':-':
        piece = isFilled ? { ok: true, value } : argument();
        break;
      case '-':
        piece = isSet ? { ok: true, value } : argument();
        break;
      case ':?':
      case '?':
        if (part.operator === ':?' ? isFilled : isSet) piece = { ok: true, value: value ?? '' };
        else {
          const message = argument();
          piece = {
            ok: false,
            error:
              message.ok && message.value !== ''
                ? `${part.name}: ${message.value}`
                : `${part.name} is required`,
          };
        }
        break;
      case ':+':
        piece = isFilled ? argument() : { ok: true, value: '' };
        break;
      case '+':
        piece = isSet ? argument() : { ok: true, value: '' };
        break;
    }
    if (!piece.ok) return piece;
    out += piece.value;
  }
  return { ok: true, value: out };
}

export function substitute(
  text: string,
  lookup: (name: string) => string | undefined,
  grammar: Grammar = 'compose',
): Parsed<string> {
  const parsed = parseInterpolation(text, grammar);
  return parsed.ok ? substituteParts(parsed.value, lookup) : parsed;
}

/** Defaults written inline (`${NAME:-value}` or `${NAME-value}`), when they are plain text. */
export function inlineDefaults(parts: Part[]): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const part of parts) {
    if (
      part.kind === 'variable' &&
      (part.operator === ':-' || part.operator === '-') &&
      isLiteral(part.argument)
    ) {
      defaults.set(part.name, part.argument.map((p) => (p.kind === 'text' ? p.text : '')).join(''));
    }
  }
  return defaults;
}

/** Writes parts back as compose text, always braced, with literal dollars doubled. */
export function formatParts(parts: Part[]): string {
  return parts
    .map((part) =>
      part.kind === 'text'
        ? part.text.replace(/\$/g, '$$$$')
        : `\${${part.name}${part.operator}${formatParts(part.argument)}}`,
    )
    .join('');
}

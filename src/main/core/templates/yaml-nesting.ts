export interface NestingExcess {
  depth: number;
  line: number;
}

type Quote = '"' | "'" | null;

const leadingSpaces = (line: string): number => {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 32) n += 1;
  return n;
};

const skipSpaces = (line: string, from: number): number => {
  let i = from;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i += 1;
  return i;
};

/** Skips anchors (`&a`) and tags (`!t`) in front of a value. */
const skipProperties = (line: string, from: number): number => {
  let i = skipSpaces(line, from);
  while (line[i] === '&' || line[i] === '!') {
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i += 1;
    i = skipSpaces(line, i);
  }
  return i;
};

/** Where the value of a `key: value` line starts, or -1 when the line holds no such pair. */
const valueStart = (line: string, from: number): number => {
  let i = from;
  if (line[i] === '"' || line[i] === "'") {
    const quote = line[i];
    i += 1;
    while (i < line.length && line[i] !== quote) i += line[i] === '\\' && quote === '"' ? 2 : 1;
    i += 1;
  }
  for (; i < line.length; i += 1) {
    if (line[i] === ':' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t'))
      return i + 1;
    if (line[i] === '#' && (line[i - 1] === ' ' || line[i - 1] === '\t')) return -1;
  }
  return -1;
};

/** A sequence entry `- `, an explicit key `? ` or an explicit value `: `, each opening a level. */
const isIndicator = (c: string | undefined): boolean => c === '-' || c === '?' || c === ':';

const isBlockScalarHeader = (rest: string): boolean => /^[|>][0-9+-]{0,2}(?:\s+#.*)?\s*$/.test(rest);

/**
 * The depth a block line stands at (its indentation level, `indents` kept up to date, plus one for
 * each `- `, `? ` or `: ` in front of its content) and where its content starts.
 */
function blockLineDepth(
  line: string,
  from: number,
  indent: number,
  indents: number[],
): { depth: number; at: number } {
  while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop();
  indents.push(indent);
  let depth = indents.length;
  let i = from;
  while (isIndicator(line[i]) && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    depth += 1;
    i = skipSpaces(line, i + 1);
  }
  return { depth, at: i };
}

/**
 * Measures how deeply a YAML (or JSON) text nests, without parsing it, and reports the first line
 * that goes past `limit`. `yaml` builds nodes recursively, and a document nested some thousands deep
 * can end the process with an out-of-memory abort no try/catch sees, so deep text is refused first.
 * The count is an estimate that errs high (about one level per indentation step, sequence dash and
 * open bracket); block scalars and quoted text are skipped so their content does not count.
 */
export function findExcessiveNesting(text: string, limit: number): NestingExcess | null {
  const indents: number[] = [];
  let flow = 0;
  let flowBase = 0;
  let quote: Quote = null;
  let blockScalarIndent = -1;
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNumber += 1;

    if (blockScalarIndent >= 0) {
      const indent = leadingSpaces(line);
      if (indent === line.length || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }

    let i = 0;
    if (flow === 0 && quote === null) {
      const indent = leadingSpaces(line);
      i = indent;
      if (i >= line.length || line[i] === '#') continue;
      if (indent === 0 && (line.startsWith('---') || line.startsWith('...'))) {
        indents.length = 0;
        i = 3;
      }
      const opened = blockLineDepth(line, i, indent, indents);
      let depth = opened.depth;
      i = opened.at;
      if (depth > limit) return { depth, line: lineNumber };
      i = skipProperties(line, i);
      const afterKey = line[i] === '[' || line[i] === '{' ? -1 : valueStart(line, i);
      if (afterKey >= 0) {
        depth += 1;
        i = skipProperties(line, afterKey);
      }
      if (isBlockScalarHeader(line.slice(i))) {
        blockScalarIndent = indent;
        continue;
      }
      const first = line[i];
      flowBase = depth;
      if (first === '"' || first === "'") {
        quote = first;
        i += 1;
      } else if (first !== '[' && first !== '{') {
        continue;
      }
    }

    const scan = scanFlow(line, i, { flow, quote }, limit - flowBase);
    if ('excess' in scan) return { depth: flowBase + scan.excess, line: lineNumber };
    ({ flow, quote } = scan);
  }
  return null;
}

interface FlowState {
  /** Open brackets and braces. */
  flow: number;
  quote: Quote;
}

/**
 * Reads the rest of a line from `from` inside flow content or quoted text, counting brackets:
 * the state at the line's end, or the bracket depth that first passed `limit`.
 */
function scanFlow(
  line: string,
  from: number,
  state: FlowState,
  limit: number,
): FlowState | { excess: number } {
  let { flow, quote } = state;
  let tokenStart = true;
  for (let i = from; i < line.length; i += 1) {
    const c = line[i];
    if (quote !== null) {
      if (quote === '"' && c === '\\') i += 1;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i += 1;
        else quote = null;
      }
    } else if (c === ' ' || c === '\t') {
      continue;
    } else if ((c === '"' || c === "'") && tokenStart) {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      break;
    } else if (c === '[' || c === '{') {
      flow += 1;
      if (flow > limit) return { excess: flow };
    } else if (c === ']' || c === '}') {
      flow = Math.max(0, flow - 1);
    }
    tokenStart = c === '[' || c === '{' || c === ',' || c === ':' || c === '?';
  }
  return { flow, quote };
}

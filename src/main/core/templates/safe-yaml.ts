import { maxComposeBytes, type IssueFile, type ValidationIssue } from '@shared/contract/template-model';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { issue, type Locator, type Path, type PathSegment, type Position } from './issues';
import { findExcessiveNesting } from './yaml-nesting';

export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliasCount: number;
  /** Values after aliases and merges are expanded; bounds the work every later step does. */
  maxNodes: number;
  /**
   * Wall-clock budget for one read or validation, checked between phases since the parser cannot be
   * interrupted. The caps above already bound the work; this is the last line, set high enough that
   * a busy machine never fails a legitimate file.
   */
  budgetMs: number;
}

export const defaultYamlLimits: YamlLimits = {
  maxBytes: maxComposeBytes,
  maxDepth: 64,
  maxAliasCount: 100,
  maxNodes: 100_000,
  budgetMs: 5000,
};

export type YamlRead =
  { ok: true; value: unknown; locate: Locator } | { ok: false; errors: ValidationIssue[] };

const MAX_SYNTAX_ERRORS = 20;

const errorCode = (code: string): string => {
  if (code === 'DUPLICATE_KEY') return 'yaml:duplicate-key';
  if (code === 'TAG_RESOLVE_FAILED') return 'yaml:tag';
  return 'yaml:syntax';
};

/**
 * Reads one YAML document with every guard a hostile file needs: a byte cap, a nesting check on the
 * raw text before the parser sees it, unique keys, one document only, an alias cap against "billion
 * laughs", and a time budget. Never throws; every problem comes back as an issue with its position.
 */
export function readYaml(text: string, file: IssueFile, limits: YamlLimits = defaultYamlLimits): YamlRead {
  const fail = (code: string, message: string, position?: Position): YamlRead => ({
    ok: false,
    errors: [issue(file, code, message, [], position)],
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return fail(
      'yaml:too-large',
      `The file is ${Math.ceil(bytes / 1024)} KiB; the limit is ${Math.floor(limits.maxBytes / 1024)} KiB.`,
    );
  }
  if (text.trim() === '') return fail('yaml:empty', 'The file is empty.');
  const excess = findExcessiveNesting(text, limits.maxDepth);
  if (excess) {
    return fail('yaml:too-deep', `The file nests more than ${limits.maxDepth} levels deep.`, {
      line: excess.line,
      column: 1,
    });
  }

  const started = performance.now();
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      merge: true,
      strict: true,
      prettyErrors: false,
      version: '1.2',
    });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return fail('yaml:syntax', `The YAML could not be read: ${describe(error)}`);
  }
  if (documents.length === 0) return fail('yaml:empty', 'The file holds no YAML document.');
  if (documents.length > 1) {
    const second = documents[1]?.range[0];
    return fail(
      'yaml:multiple-documents',
      'The file holds more than one YAML document; use one.',
      second === undefined ? undefined : at(second),
    );
  }
  const doc = documents[0] as Document.Parsed;
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems
        .slice(0, MAX_SYNTAX_ERRORS)
        .map((e) => issue(file, errorCode(e.code), e.message.split('\n')[0] ?? e.message, [], at(e.pos[0]))),
    };
  }
  if (performance.now() - started > limits.budgetMs)
    return fail('yaml:budget', 'Reading the YAML took too long.');

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const aliases = error instanceof ReferenceError && /alias/i.test(error.message);
    return fail(
      aliases ? 'yaml:aliases' : 'yaml:syntax',
      aliases ? 'The file uses too many aliases (a "billion laughs" shape).' : describe(error),
    );
  }
  if (exceedsNodeCount(value, limits.maxNodes)) {
    return fail(
      'yaml:too-large',
      `The document expands to more than ${limits.maxNodes} values once aliases are resolved.`,
    );
  }
  if (performance.now() - started > limits.budgetMs)
    return fail('yaml:budget', 'Reading the YAML took too long.');
  return { ok: true, value, locate: createLocator(doc, at) };
}

/** Counts every visit, so a value shared through aliases counts each time it is used, and a cycle hits the cap. */
function exceedsNodeCount(value: unknown, cap: number): boolean {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const current = stack.pop();
    count += 1;
    if (count > cap) return true;
    if (Array.isArray(current)) {
      for (const item of current as unknown[]) stack.push(item);
    } else if (typeof current === 'object' && current !== null) {
      for (const item of Object.values(current)) stack.push(item);
    }
  }
  return false;
}

const describe = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : 'unknown error';

/** A key as text; the merge key `<<` is a symbol in `yaml`, so its source text stands for it. */
const keyText = (pair: Pair): string => {
  if (!isScalar(pair.key)) return String(pair.key);
  const value = pair.key.value;
  return typeof value === 'symbol' ? (pair.key.source ?? '') : String(value);
};

const keyMatches = (pair: Pair, segment: PathSegment): boolean => keyText(pair) === String(segment);

const MAX_MERGE_HOPS = 8;

function createLocator(doc: Document.Parsed, at: (offset: number) => Position): Locator {
  const resolve = (node: unknown): unknown => {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < MAX_MERGE_HOPS; hops += 1) current = current.resolve(doc);
    return current;
  };
  const findPair = (map: unknown, segment: PathSegment, hops: number): Pair | undefined => {
    const node = resolve(map);
    if (!isMap(node) || hops > MAX_MERGE_HOPS) return undefined;
    const own = node.items.find((pair) => keyMatches(pair, segment));
    if (own) return own;
    for (const pair of node.items) {
      if (!keyMatches(pair, '<<')) continue;
      const sources = resolve(pair.value);
      for (const source of isSeq(sources) ? sources.items : [sources]) {
        const found = findPair(source, segment, hops + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  const start = (node: unknown): Position | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range ? at(range[0]) : undefined;
  };

  return (path: Path, want = 'value') => {
    let node: unknown = doc.contents;
    let keyPosition: Position | undefined;
    let valuePosition = start(node);
    for (const segment of path) {
      const current = resolve(node);
      if (isMap(current)) {
        const pair = findPair(current, segment, 0);
        if (!pair) return keyPosition ?? valuePosition;
        keyPosition = start(pair.key) ?? keyPosition;
        node = pair.value;
      } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
        node = current.items[segment];
        keyPosition = start(node) ?? keyPosition;
      } else {
        return keyPosition ?? valuePosition;
      }
      valuePosition = start(node) ?? keyPosition;
    }
    return want === 'key' ? (keyPosition ?? valuePosition) : (valuePosition ?? keyPosition);
  };
}

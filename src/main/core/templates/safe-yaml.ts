import { maxComposeBytes, type IssueFile, type ValidationIssue } from '@shared/contract/template-model';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { issue, type Locator, type Position } from './issues';
import { createLocator } from './yaml-locator';
import { findExcessiveNesting } from './yaml-nesting';
import { readPlainYaml, yamlParseOptions } from './yaml-plain-read';

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

type Failure = Extract<YamlRead, { ok: false }>;
type Fail = (code: string, message: string, position?: Position) => Failure;

/** The guards that need no parser: size, emptiness and nesting depth. */
function checkText(text: string, limits: YamlLimits, fail: Fail): Failure | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return fail(
      'yaml:too-large',
      `The file is ${Math.ceil(bytes / 1024)} KiB; the limit is ${Math.floor(limits.maxBytes / 1024)} KiB.`,
    );
  }
  if (text.trim() === '') return fail('yaml:empty', 'The file is empty.');
  const excess = findExcessiveNesting(text, limits.maxDepth);
  if (!excess) return null;
  return fail('yaml:too-deep', `The file nests more than ${limits.maxDepth} levels deep.`, {
    line: excess.line,
    column: 1,
  });
}

interface ParsedDocument {
  doc: Document.Parsed;
  at: (offset: number) => Position;
}

/** The full read through `yaml`'s document model: every error with its position, and what locates paths. */
function parseDocumentModel(text: string, file: IssueFile, fail: Fail): ParsedDocument | Failure {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { ...yamlParseOptions, lineCounter });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    return fail('yaml:syntax', `The YAML could not be read: ${describe(error)}`);
  }
  const [doc, second] = documents;
  if (!doc) return fail('yaml:empty', 'The file holds no YAML document.');
  if (second) {
    return fail(
      'yaml:multiple-documents',
      'The file holds more than one YAML document; use one.',
      at(second.range[0]),
    );
  }
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length === 0) return { doc, at };
  return {
    ok: false,
    errors: problems
      .slice(0, MAX_SYNTAX_ERRORS)
      .map((e) => issue(file, errorCode(e.code), e.message.split('\n')[0] ?? e.message, [], at(e.pos[0]))),
  };
}

/** Where paths sit, worked out on first use: a file that reads without issues never pays for it. */
function lazyLocator(text: string): Locator {
  let locate: Locator | undefined;
  return (path, want) => {
    if (!locate) {
      const parsed = parseDocumentModel(text, 'compose', () => ({ ok: false, errors: [] }));
      locate = 'doc' in parsed ? createLocator(parsed.doc, parsed.at) : () => undefined;
    }
    return locate(path, want);
  };
}

function toValue(doc: Document.Parsed, limits: YamlLimits, fail: Fail): { value: unknown } | Failure {
  try {
    return { value: doc.toJS({ maxAliasCount: limits.maxAliasCount }) };
  } catch (error) {
    const aliases = error instanceof ReferenceError && /alias/i.test(error.message);
    return fail(
      aliases ? 'yaml:aliases' : 'yaml:syntax',
      aliases ? 'The file uses too many aliases (a "billion laughs" shape).' : describe(error),
    );
  }
}

/**
 * Reads one YAML document with every guard a hostile file needs: a byte cap, a nesting check on the
 * raw text before the parser sees it, unique keys, one document only, an alias cap against "billion
 * laughs", and a time budget. Never throws; every problem comes back as an issue with its position.
 * The common shapes are read without building `yaml`'s document model (`yaml-plain-read.ts`); the
 * model is then built only if an issue needs a position.
 */
export function readYaml(text: string, file: IssueFile, limits: YamlLimits = defaultYamlLimits): YamlRead {
  const fail: Fail = (code, message, position) => ({
    ok: false,
    errors: [issue(file, code, message, [], position)],
  });
  const refused = checkText(text, limits, fail);
  if (refused) return refused;
  const started = performance.now();
  const overBudget = () => performance.now() - started > limits.budgetMs;

  let read: { value: unknown; locate: Locator };
  const plain = readPlainYaml(text);
  if (plain) {
    read = { value: plain.value, locate: lazyLocator(text) };
  } else {
    const parsed = parseDocumentModel(text, file, fail);
    if (!('doc' in parsed)) return parsed;
    if (overBudget()) return fail('yaml:budget', 'Reading the YAML took too long.');
    const converted = toValue(parsed.doc, limits, fail);
    if (!('value' in converted)) return converted;
    read = { value: converted.value, locate: createLocator(parsed.doc, parsed.at) };
  }
  if (exceedsNodeCount(read.value, limits.maxNodes)) {
    return fail(
      'yaml:too-large',
      `The document expands to more than ${limits.maxNodes} values once aliases are resolved.`,
    );
  }
  if (overBudget()) return fail('yaml:budget', 'Reading the YAML took too long.');
  return { ok: true, ...read };
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

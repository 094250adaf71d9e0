import { CST, Document, isScalar, Parser, type ScalarTag } from 'yaml';

/**
 * The options every full read uses (`safe-yaml.ts`); the plain reader resolves scalars with the
 * schema they give, so both agree on what `1`, `true` or `null` mean.
 */
export const yamlParseOptions = {
  uniqueKeys: true,
  merge: true,
  strict: true,
  prettyErrors: false,
  version: '1.2',
} as const;

const scalarTags = new Document(undefined, yamlParseOptions).schema.tags.filter(
  (tag): tag is ScalarTag => !tag.collection,
);

/** Thrown inside the walk when the text leaves the plain subset; never escapes `readPlainYaml`. */
class NotPlain extends Error {}

const notPlain = (): never => {
  throw new NotPlain();
};

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type CollectionItem = CST.CollectionItem;

/**
 * Checks a run of separator tokens the way the composer does (`resolve-props`), for the subset
 * read here: spaces, line breaks and comments (each after white space), plus exactly `indicators`
 * of `indicator` at the position it stands. `spaced` says whether the run starts after white space.
 */
function checkSeparators(
  tokens: readonly SourceToken[],
  indicator: SourceToken['type'] | null,
  spaced: boolean,
): boolean {
  let hasSpace = spaced;
  let found = indicator === null;
  for (const token of tokens) {
    if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type === 'comment') {
      if (!hasSpace) return false;
    } else if (token.type === indicator && !found) {
      found = true;
      hasSpace = false;
    } else return false;
  }
  return found;
}

const hasNewline = (tokens: readonly SourceToken[] | undefined): boolean =>
  tokens?.some((token) => token.type === 'newline') ?? false;

function scalarValue(token: Token, atKey: boolean): unknown {
  // Every token passed here is a scalar, so `resolveAsScalar` answers (its types allow null).
  const resolved = CST.resolveAsScalar(token as CST.FlowScalar, true, notPlain);
  if (token.type !== 'scalar') return resolved.value;
  const text = resolved.value;
  const tag = scalarTags.find(
    (t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(text),
  );
  if (!tag) return text;
  if (atKey) return notPlain();
  const value: unknown = tag.resolve(text, notPlain, {});
  const plain: unknown = isScalar(value) ? value.value : value;
  return typeof plain === 'bigint' ? Number(plain) : plain;
}

/** A single-line scalar key the composer takes as a plain string; anything else leaves the subset. */
function keyText(key: Token | null | undefined, indent: number | null): string {
  if (
    !key ||
    (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar')
  )
    return notPlain();
  if (key.source.includes('\n') || hasNewline(key.end) || (indent !== null && key.indent !== indent))
    return notPlain();
  const text = scalarValue(key, true);
  return typeof text === 'string' && text !== '__proto__' ? text : notPlain();
}

function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.hasOwn(map, key)) notPlain();
  map[key] = value;
}

/** The offset of the `:` after a key; the composer refuses a key longer than 1024 characters. */
function checkKeyLength(key: Token | null | undefined, sep: readonly SourceToken[]): void {
  const colon = sep.find((token) => token.type === 'map-value-ind');
  if (!key || !colon || colon.offset - key.offset > 1000) notPlain();
}

/** Comments after a collection's last entry come as one more item holding only them. */
const isTrailingComments = (items: readonly CollectionItem[], item: CollectionItem): boolean =>
  item === items.at(-1) &&
  item.key === undefined &&
  !item.sep &&
  !item.value &&
  checkSeparators(item.start, null, true);

function blockMap(token: CST.BlockMap): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const item of token.items) {
    if (isTrailingComments(token.items, item)) break;
    if (item.explicitKey || !item.sep || !checkSeparators(item.start, null, true)) return notPlain();
    const key = keyText(item.key, token.indent);
    if (!checkSeparators(item.sep, 'map-value-ind', false)) return notPlain();
    checkKeyLength(item.key, item.sep);
    if (item.value?.type === 'block-map' && !hasNewline(item.sep)) return notPlain();
    setKey(map, key, item.value ? node(item.value) : null);
  }
  return map;
}

function blockSeq(token: CST.BlockSequence): unknown[] {
  const items = token.items.filter((item) => !isTrailingComments(token.items, item));
  return items.map((item) => {
    if (!checkSeparators(item.start, 'seq-item-ind', true)) return notPlain();
    return item.value ? node(item.value) : null;
  });
}

function flowItemStart(item: CollectionItem, index: number): void {
  if (!checkSeparators(item.start, index === 0 ? null : 'comma', false)) notPlain();
  if (item.value && (item.value.type === 'block-map' || item.value.type === 'block-seq')) notPlain();
}

/** `{ }` and `[ ]`: the space inside comes as one item holding nothing. */
const isBlankOnly = (items: readonly CollectionItem[]): boolean =>
  items.length === 1 &&
  items[0]?.key === undefined &&
  !items[0]?.sep &&
  !items[0]?.value &&
  checkSeparators(items[0]?.start ?? [], null, false);

function flowCollection(token: CST.FlowCollection): unknown {
  const isMap = token.start.source === '{';
  const [close, ...rest] = token.end;
  if (close?.source !== (isMap ? '}' : ']') || !checkSeparators(rest, null, false)) return notPlain();
  if (isBlankOnly(token.items)) return isMap ? {} : [];
  if (!isMap) {
    return token.items.map((item, index) => {
      flowItemStart(item, index);
      return item.key !== undefined || item.sep || !item.value ? notPlain() : node(item.value);
    });
  }
  const map: Record<string, unknown> = {};
  token.items.forEach((item, index) => {
    flowItemStart(item, index);
    const key = keyText(item.key, null);
    if (!item.sep || !item.value || !checkSeparators(item.sep, 'map-value-ind', false)) notPlain();
    checkKeyLength(item.key, item.sep ?? []);
    setKey(map, key, node(item.value as Token));
  });
  return map;
}

function node(token: Token): unknown {
  switch (token.type) {
    case 'block-map':
      return blockMap(token);
    case 'block-seq':
      return blockSeq(token);
    case 'flow-collection':
      return flowCollection(token);
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      return scalarValue(token, false);
    default:
      return notPlain();
  }
}

const isBlank = (token: Token): boolean =>
  token.type === 'space' || token.type === 'newline' || token.type === 'comment';

/**
 * Reads the YAML most compose files are written in (block and flow collections, plain, quoted and
 * block scalars, comments) straight from `yaml`'s concrete syntax tree, skipping the document model
 * that costs about half of a full read. Anything else (anchors, aliases, tags, merge keys, explicit
 * keys, directives, tabs, duplicate keys, non-string keys, any error the composer would report) is
 * left to the full read: the answer is then `undefined`. When it answers, the value is the one
 * `parseAllDocuments(text, yamlParseOptions)[0].toJS()` gives, and that read reports no error;
 * `yaml-plain-read.test.ts` compares both on the catalog, the fixtures and generated documents.
 */
export function readPlainYaml(text: string): { value: unknown } | undefined {
  if (text.includes('\t') || text.includes('\r') || text.startsWith('\uFEFF')) return undefined;
  let document: CST.Document | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document' && !document) document = token;
    else if (!isBlank(token)) return undefined;
  }
  if (!document?.value || !checkSeparators(document.start, null, true)) return undefined;
  if (!(document.end ?? []).every(isBlank)) return undefined;
  try {
    return { value: node(document.value) };
  } catch (error) {
    if (error instanceof NotPlain) return undefined;
    throw error;
  }
}

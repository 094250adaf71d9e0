import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Locator, Path, PathSegment, Position } from './issues';

/** A key as text; the merge key `<<` is a symbol in `yaml`, so its source text stands for it. */
const keyText = (pair: Pair): string => {
  if (!isScalar(pair.key)) return String(pair.key);
  const value = pair.key.value;
  return typeof value === 'symbol' ? (pair.key.source ?? '') : String(value);
};

const keyMatches = (pair: Pair, segment: PathSegment): boolean => keyText(pair) === String(segment);

const MAX_MERGE_HOPS = 8;

/** Finds where a path sits in a parsed document, following aliases and merge keys. */
export function createLocator(doc: Document.Parsed, at: (offset: number) => Position): Locator {
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

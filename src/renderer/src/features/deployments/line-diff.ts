export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };
export type DiffRow = DiffLine | { kind: 'skipped'; count: number };

/** Beyond this many edits the diff shows the texts as replaced wholesale, to bound memory and time. */
const MAX_EDITS = 2000;

const splitLines = (text: string): string[] =>
  text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');

/** Myers' O(ND) shortest edit script between the middles, with each round's frontier kept for the walk back. */
function myers(a: readonly string[], b: readonly string[]): DiffLine[] | null {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  let frontier = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  const startsFromAbove = (v: Int32Array, k: number, d: number) =>
    k === -d || (k !== d && (v[k - 1 + offset] ?? 0) < (v[k + 1 + offset] ?? 0));
  for (let d = 0; d <= Math.min(n + m, MAX_EDITS); d += 1) {
    trace.push(frontier);
    frontier = frontier.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = startsFromAbove(frontier, k, d)
        ? (frontier[k + 1 + offset] ?? 0)
        : (frontier[k - 1 + offset] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[k + offset] = x;
      if (x >= n && y >= m) return walkBack(a, b, trace, offset, startsFromAbove);
    }
  }
  return null;
}

function walkBack(
  a: readonly string[],
  b: readonly string[],
  trace: Int32Array[],
  offset: number,
  startsFromAbove: (v: Int32Array, k: number, d: number) => boolean,
): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const v = trace[d] ?? new Int32Array(0);
    const k = x - y;
    const previousK = startsFromAbove(v, k, d) ? k + 1 : k - 1;
    const previousX = v[previousK + offset] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      out.push({ kind: 'same', text: a[x - 1] ?? '' });
      x -= 1;
      y -= 1;
    }
    if (d > 0)
      out.push(
        x === previousX ? { kind: 'added', text: b[y - 1] ?? '' } : { kind: 'removed', text: a[x - 1] ?? '' },
      );
    x = previousX;
    y = previousY;
  }
  return out.reverse();
}

/** The lines of `before` and `after`, each marked same, removed or added, in order. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end])
    end += 1;
  const same = (lines: string[]): DiffLine[] => lines.map((text) => ({ kind: 'same', text }));
  const middleA = a.slice(start, a.length - end);
  const middleB = b.slice(start, b.length - end);
  const middle = myers(middleA, middleB) ?? [
    ...middleA.map((text): DiffLine => ({ kind: 'removed', text })),
    ...middleB.map((text): DiffLine => ({ kind: 'added', text })),
  ];
  return [...same(a.slice(0, start)), ...middle, ...same(a.slice(a.length - end))];
}

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs into one row. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const isNearChange = lines.map((_, index) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((l) => l.kind !== 'same'),
  );
  const rows: DiffRow[] = [];
  lines.forEach((line, index) => {
    if (line.kind !== 'same' || isNearChange[index]) {
      rows.push(line);
      return;
    }
    const last = rows.at(-1);
    if (last?.kind === 'skipped') last.count += 1;
    else rows.push({ kind: 'skipped', count: 1 });
  });
  return rows;
}

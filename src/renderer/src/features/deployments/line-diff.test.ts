import { describe, expect, it } from 'vitest';
import { diffLines, foldUnchanged, type DiffLine } from './line-diff';

const render = (lines: DiffLine[]) =>
  lines.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'added' ? '+' : '-'}${l.text}`);
const side = (lines: DiffLine[], kind: 'removed' | 'added') =>
  lines.filter((l) => l.kind === 'same' || l.kind === kind).map((l) => l.text);

describe('diffLines', () => {
  it('marks nothing when the texts are equal', () => {
    expect(render(diffLines('a\nb\n', 'a\nb'))).toEqual([' a', ' b']);
  });

  it('handles empty texts on either side', () => {
    expect(diffLines('', '')).toEqual([]);
    expect(render(diffLines('', 'a\nb'))).toEqual(['+a', '+b']);
    expect(render(diffLines('a\nb', ''))).toEqual(['-a', '-b']);
  });

  it('finds a changed line between unchanged ones', () => {
    expect(
      render(
        diffLines('image: app:1\nports: 80\nrestart: always', 'image: app:2\nports: 80\nrestart: always'),
      ),
    ).toEqual(['-image: app:1', '+image: app:2', ' ports: 80', ' restart: always']);
  });

  it('gives a shortest edit script for the classic example', () => {
    const lines = diffLines('A\nB\nC\nA\nB\nB\nA', 'C\nB\nA\nB\nA\nC');
    expect(lines.filter((l) => l.kind !== 'same')).toHaveLength(5);
    expect(side(lines, 'removed')).toEqual(['A', 'B', 'C', 'A', 'B', 'B', 'A']);
    expect(side(lines, 'added')).toEqual(['C', 'B', 'A', 'B', 'A', 'C']);
  });

  it('always rebuilds both texts from random edits', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round += 1) {
      const a = Array.from(
        { length: Math.floor(random() * 12) },
        () => 'xyz'[Math.floor(random() * 3)] ?? 'x',
      );
      const b = Array.from(
        { length: Math.floor(random() * 12) },
        () => 'xyz'[Math.floor(random() * 3)] ?? 'x',
      );
      const lines = diffLines(a.join('\n'), b.join('\n'));
      expect(side(lines, 'removed')).toEqual(a);
      expect(side(lines, 'added')).toEqual(b);
    }
  });

  it('treats CRLF and LF line ends alike', () => {
    expect(render(diffLines('a\r\nb\r\n', 'a\nb\n'))).toEqual([' a', ' b']);
  });
});

describe('foldUnchanged', () => {
  it('keeps context around a change and folds the rest', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const rows = foldUnchanged(diffLines(before, after), 2);
    expect(rows).toEqual([
      { kind: 'skipped', count: 8 },
      { kind: 'same', text: 'line 8' },
      { kind: 'same', text: 'line 9' },
      { kind: 'removed', text: 'line 10' },
      { kind: 'added', text: 'line ten' },
      { kind: 'same', text: 'line 11' },
      { kind: 'same', text: 'line 12' },
      { kind: 'skipped', count: 7 },
    ]);
  });

  it('folds everything when nothing changed', () => {
    expect(foldUnchanged(diffLines('a\nb', 'a\nb'))).toEqual([{ kind: 'skipped', count: 2 }]);
  });
});

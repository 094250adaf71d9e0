import { describe, expect, it } from 'vitest';
import { findExcessiveNesting } from './yaml-nesting';

const block = (levels: number) =>
  Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' v\n';

describe('findExcessiveNesting', () => {
  it('accepts an ordinary compose file', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx:1.27.3',
      '    ports: ["80:80", { target: 443 }]',
      '    deploy:',
      '      resources:',
      '        limits: { cpus: "0.5" }',
    ].join('\n');
    expect(findExcessiveNesting(text, 16)).toBeNull();
  });

  it('finds deep block nesting and the line where it goes too deep', () => {
    expect(findExcessiveNesting(block(30), 64)).toBeNull();
    expect(findExcessiveNesting(block(100), 64)).toEqual({ depth: 65, line: 65 });
  });

  it('finds deep flow nesting on one line, in sequences and mappings', () => {
    expect(findExcessiveNesting('['.repeat(10_000), 64)).not.toBeNull();
    expect(findExcessiveNesting(`a: ${'{b: '.repeat(10_000)}`, 64)).not.toBeNull();
    expect(findExcessiveNesting(`- ${'- '.repeat(10_000)}x`, 64)).not.toBeNull();
    expect(findExcessiveNesting(`? ${'? '.repeat(10_000)}x`, 64)).not.toBeNull();
  });

  it('is not fooled by a key or a flow key in front of the brackets', () => {
    expect(findExcessiveNesting(`${'{'.repeat(100)}"a": 1`, 64)).not.toBeNull();
    expect(findExcessiveNesting(`[a]: ${'['.repeat(100)}`, 64)).not.toBeNull();
    expect(findExcessiveNesting(`"q": ${'['.repeat(100)}`, 64)).not.toBeNull();
    expect(findExcessiveNesting(`x: !!seq &a ${'['.repeat(100)}`, 64)).not.toBeNull();
    expect(findExcessiveNesting(`[it's, ${'['.repeat(100)}`, 64)).not.toBeNull();
  });
});

describe('findExcessiveNesting: across lines, in quotes and in JSON', () => {
  it('follows flow collections across lines', () => {
    const text = `a: [\n${'[\n'.repeat(80)}`;
    expect(findExcessiveNesting(text, 64)).not.toBeNull();
  });

  it('ignores brackets inside quotes, comments, plain values and block scalars', () => {
    const text = [
      `a: "${'['.repeat(200)}"`,
      `b: '${'{'.repeat(200)}'`,
      `c: echo ${'['.repeat(200)}`,
      `d: 1 # ${'['.repeat(200)}`,
      'e: |',
      `  ${'['.repeat(200)}`,
      `      ${'{'.repeat(200)}`,
      'f: done',
    ].join('\n');
    expect(findExcessiveNesting(text, 8)).toBeNull();
  });

  it('measures JSON too', () => {
    expect(findExcessiveNesting(JSON.stringify({ a: { b: [1, { c: 2 }] } }), 8)).toBeNull();
    let deep: unknown = 1;
    for (let i = 0; i < 100; i += 1) deep = { k: deep };
    expect(findExcessiveNesting(JSON.stringify(deep, null, 2), 64)).not.toBeNull();
    expect(findExcessiveNesting(JSON.stringify(deep), 64)).not.toBeNull();
  });
});

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CloudServersView, serverGroups } from './CloudServersList';
import { job, server } from './test-fixtures';

const failure = (index: number) =>
  server({
    id: `f${index}`,
    name: `failed-${index}`,
    status: 'failed',
    jobId: null,
    error: { code: 'timeout', message: `Attempt ${index}: nothing was left at DigitalOcean.` },
    updatedAt: `2026-01-0${index}T00:00:00.000Z`,
  });

describe('serverGroups', () => {
  it('keeps servers at work and the last five failures, newest first, and leaves ready ones out', () => {
    const groups = serverGroups([
      ...[1, 2, 3, 4, 5, 6, 7].map(failure),
      server({ id: 'r', status: 'ready', step: 'added' }),
      server({ id: 'c' }),
    ]);
    expect(groups.map((g) => g.title)).toEqual(['Servers being created', 'Recent failures']);
    expect(groups[1]?.servers.map((s) => s.id)).toEqual(['f7', 'f6', 'f5', 'f4', 'f3']);
    expect(serverGroups([server({ status: 'ready' })])).toEqual([]);
  });
});

describe('CloudServersView', () => {
  it('shows a create’s steps and detail, and a failure with its message', () => {
    const html = renderToStaticMarkup(
      <CloudServersView servers={[server({ step: 'ssh' }), failure(1)]} jobs={{ j1: job() }} />,
    );
    expect(html).toContain('<h2>Servers being created</h2>');
    expect(html).toContain('DigitalOcean · fra1 · s-1vcpu-1gb · $6.00/mo');
    expect([...html.matchAll(/data-state="(\w+)"/g)].map((m) => m[1])).toEqual([
      'done',
      'done',
      'done',
      'current',
      'pending',
    ]);
    expect(html).toContain('Booting: 40 s so far');
    expect(html).toContain('<h2>Recent failures</h2>');
    expect(html).toContain('Attempt 1: nothing was left at DigitalOcean.');
  });

  it('shows nothing when no server is at work or failed', () => {
    expect(renderToStaticMarkup(<CloudServersView servers={[]} jobs={{}} />)).toBe('');
  });
});

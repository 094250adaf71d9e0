import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NodeStatusBadge } from './NodeStatusBadge';

describe('NodeStatusBadge', () => {
  it('shows Connecting… with the last known status as its hint while the node waits for its first check', () => {
    const html = renderToStaticMarkup(<NodeStatusBadge status="degraded" isConnecting />);
    expect(html).toContain('Connecting…');
    expect(html).toContain('title="Last known: Degraded"');
    expect(html).not.toContain('badge-warn');
  });

  it('shows the status itself once the node was checked', () => {
    const html = renderToStaticMarkup(<NodeStatusBadge status="online" />);
    expect(html).toContain('Online');
    expect(html).toContain('badge-ok');
    expect(html).not.toContain('Connecting');
  });
});

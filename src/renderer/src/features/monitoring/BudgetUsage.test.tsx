import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BudgetUsage } from './BudgetUsage';

const MB = 1024 * 1024;
const row = (name: string | null, logBytes: number) => ({
  deploymentId: `id-${name ?? 'gone'}`,
  name,
  logLines: 10,
  logBytes,
  statSamples: 5,
  events: 1,
  bytes: logBytes + 1000,
});
const usage = {
  totalBytes: 700 * MB,
  budgetBytes: { logs: 600 * MB, stats: 80 * MB, events: 20 * MB },
  deployments: [
    row('shop', 100 * MB),
    row('blog', 400 * MB),
    row(null, 60 * MB),
    row('wiki', 40 * MB),
    row('idle', 0),
  ],
};

describe('BudgetUsage', () => {
  it('shows logs, stats and events against the budget, and the three largest deployments by log bytes', () => {
    const html = renderToStaticMarkup(<BudgetUsage usage={usage} budgetMegabytes={2048} />);
    expect(html).toContain(
      '700 MiB</strong> of the 2.0 GiB budget: logs 600 MiB, stats 80 MiB, events 20 MiB.',
    );
    expect(html).toContain('aria-valuenow="34"');
    expect(html).toContain('Most logs: blog 400 MiB, shop 100 MiB, a deleted deployment 60 MiB.');
    expect(html).not.toContain('wiki');
    expect(html).not.toContain('Over the budget');
  });

  it('says when the data is over the budget, and when no logs are stored', () => {
    const over = renderToStaticMarkup(<BudgetUsage usage={usage} budgetMegabytes={500} />);
    expect(over).toContain('Over the budget: the oldest log lines of the fleet are being deleted.');
    const empty = renderToStaticMarkup(
      <BudgetUsage usage={{ ...usage, deployments: [row('idle', 0)] }} budgetMegabytes={2048} />,
    );
    expect(empty).toContain('No logs stored yet.');
  });
});

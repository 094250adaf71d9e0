import { describe, expect, it } from 'vitest';
import {
  accountLine,
  costSummary,
  createChecklist,
  formatMemory,
  formatMonthly,
  sizeOptionLabel,
} from './cloud-format';
import { doCatalog, hetznerCatalog, server } from './test-fixtures';

describe('prices and sizes', () => {
  it('shows the provider’s own price in its own currency', () => {
    expect(formatMonthly(600, 'USD')).toBe('$6.00/mo');
    expect(formatMonthly(451, 'EUR')).toBe('€4.51/mo');
    expect(formatMemory(512)).toBe('512 MB');
    expect(formatMemory(2048)).toBe('2 GB');
    expect(formatMemory(1536)).toBe('1.5 GB');
  });

  it('labels a size with cpus, memory, disk and price, and says what the server costs', () => {
    const [twoCpu, oneCpu] = doCatalog.sizes;
    if (!twoCpu || !oneCpu || !hetznerCatalog.sizes[0]) throw new Error('fixture sizes missing');
    expect(sizeOptionLabel(oneCpu, 'fra1')).toBe('s-1vcpu-1gb: 1 CPU, 1 GB memory, 25 GB disk, $6.00/mo');
    expect(sizeOptionLabel(twoCpu, 'fra1')).toBe('s-2vcpu-2gb: 2 CPUs, 2 GB memory, 60 GB disk, $18.00/mo');
    expect(costSummary('digitalocean', oneCpu, 'fra1')).toBe(
      "This server costs $6.00 a month at DigitalOcean; it becomes the node's cost.",
    );
    expect(costSummary('hetzner', hetznerCatalog.sizes[0], 'fsn1')).toBe(
      "This server costs €4.51 a month at Hetzner Cloud; it becomes the node's cost.",
    );
    // Where the provider's prices differ by region, the chosen region's price is the one shown.
    const regional = { ...hetznerCatalog.sizes[0], regionPrices: { fsn1: 451, ash: 599 } };
    expect(costSummary('hetzner', regional, 'ash')).toBe(
      "This server costs €5.99 a month at Hetzner Cloud; it becomes the node's cost.",
    );
    expect(sizeOptionLabel(regional, 'ash')).toMatch(/€5\.99\/mo$/);
  });

  it('says whose a token is', () => {
    const checkedAt = '2026-01-01T00:00:00.000Z';
    expect(accountLine({ label: 'ops@example.com', detail: 'Up to 10 servers', checkedAt })).toBe(
      'ops@example.com — up to 10 servers',
    );
    expect(accountLine({ label: 'Hetzner Cloud project', detail: null, checkedAt })).toBe(
      'Hetzner Cloud project',
    );
  });
});

describe('createChecklist', () => {
  const states = (patch: Parameters<typeof server>[0]) =>
    createChecklist(server(patch)).map((item) => item.state);

  it('marks the steps reached done and the next one under way', () => {
    expect(states({ step: 'requested' })).toEqual(['current', 'pending', 'pending', 'pending', 'pending']);
    expect(states({ step: 'booted' })).toEqual(['done', 'done', 'current', 'pending', 'pending']);
    expect(createChecklist(server({ step: 'booted' }))[0]?.label).toBe('Created at DigitalOcean');
  });

  it('marks where a failed create stopped, and every step done once the node is added', () => {
    expect(states({ step: 'ssh', status: 'failed' })).toEqual(['done', 'done', 'done', 'failed', 'pending']);
    expect(states({ step: 'added', status: 'ready' })).toEqual(['done', 'done', 'done', 'done', 'done']);
  });
});

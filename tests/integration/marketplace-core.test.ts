/**
 * The marketplace through the real core and its dispatcher (so every answer is checked against the
 * contract), seeded from the shipped resources/templates. Run inside tests/rig/with-keyring.sh.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestCore, type TestCore } from '../helpers/test-core';

const resourcesDir = join(import.meta.dirname, '..', '..', 'resources');
const shipped = readdirSync(join(resourcesDir, 'templates'), { withFileTypes: true }).filter((d) =>
  d.isDirectory(),
).length;

const compose = `services:
  web:
    image: nginx:1.27-alpine
    restart: unless-stopped
    ports:
      - "80"
    environment:
      GREETING: \${GREETING}
`;
const manifest = {
  name: 'Contract Check',
  slug: 'contract-check',
  version: '1.0.0',
  description: 'Made through the dispatcher.',
  category: 'web',
  icon: 'globe',
  price_monthly_cents: 150,
  resources: { cpu_cores: 0.25, memory_mb: 128, disk_mb: 256 },
  variables: [{ name: 'GREETING', label: 'Greeting', default: 'hi' }],
};

describe('marketplace through the core', () => {
  const open: TestCore[] = [];
  afterEach(async () => {
    for (const test of open.splice(0).reverse()) await test.close();
  });
  const start = (dataDir?: string) => {
    const test = createTestCore({ resourcesDir, ...(dataDir ? { dataDir } : {}) });
    open.push(test);
    test.core.start();
    return test;
  };
  const browse = (test: TestCore) => test.call('templates:list', { scope: 'browse' });

  it('seeds every shipped template once, each answer within the contract', async () => {
    expect(shipped).toBeGreaterThanOrEqual(25);
    const test = start();
    await vi.waitFor(async () => expect((await browse(test)).templates).toHaveLength(shipped), {
      timeout: 10_000,
    });
    for (const summary of (await browse(test)).templates) {
      const detail = await test.call('templates:get', { id: summary.id });
      expect(detail.selected.report.errors).toEqual([]);
      expect(detail.isReadOnly).toBe(true);
    }
    expect((await test.fail('templates:delete', { id: 'tmpl_wordpress' })).code).toBe('forbidden');

    await test.core.close();
    const again = start(test.dataDir);
    await vi.waitFor(async () => expect((await browse(again)).templates).toHaveLength(shipped), {
      timeout: 10_000,
    });
  });

  it('creates, publishes and versions a template, pushing templates:changed', async () => {
    const test = start();
    const created = await test.call('templates:create', { manifest, compose });
    expect(created.summary).toMatchObject({
      status: 'draft',
      slug: 'contract-check',
      priceMonthlyCents: 150,
    });
    await test.call('templates:publish', { id: created.summary.id, version: '1.0.0' });
    const draft = await test.call('templates:update', {
      id: created.summary.id,
      manifest: { ...manifest, version: '1.1.0' },
      compose,
    });
    expect(draft.selected).toMatchObject({ version: '1.1.0', status: 'draft' });
    expect(draft.versions.map((v) => v.status)).toEqual(['draft', 'published']);
    const refused = await test.fail('templates:update', {
      id: created.summary.id,
      manifest,
      compose: 'services: [',
    });
    expect(refused.code).toBe('invalid_input');
    expect(test.transcript()).toContain('"event":"templates:changed"');

    const report = await test.call('templates:validate', {
      manifest,
      compose: compose.replace('GREETING}', 'MISSING}'),
    });
    expect(report.errors[0]).toMatchObject({ file: 'compose', line: 8 });
  });
});

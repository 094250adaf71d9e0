/**
 * Logs through the whole core, from a real dockerd behind a real sshd: known lines stored once each,
 * stdout and stderr apart, searchable; a restart continues the history without gaps or duplicates;
 * invalid UTF-8, a 1 MB line, binary output and a 10 MB/s logger stay within the caps while the
 * app keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitoringWorld, type MonitoringWorld } from './monitoring-support';

let world: MonitoringWorld;
const logs = (
  deploymentId: string,
  filter: { services?: string[]; streams?: ('stdout' | 'stderr')[]; search?: string } = {},
) => world.t.call('monitoring:logs', { deploymentId, offset: 0, limit: 2000, ...filter });

// stdout and stderr interleaved: Docker stamps each stream's lines apart, so its file is not strictly in time order.
const PRINTER =
  'echo boot; i=0; while [ $$i -lt 20 ]; do i=$$((i+1)); echo "known line $$i"; echo "warning $$i" >&2; done; exec sleep 3600';
const BOOT = ['boot', ...Array.from({ length: 20 }, (_, i) => `known line ${i + 1}`)];
const WARNINGS = Array.from({ length: 20 }, (_, i) => `warning ${i + 1}`);

beforeAll(async () => {
  world = await createMonitoringWorld();
});
afterAll(async () => {
  await world.close();
});

describe('monitoring logs', () => {
  it('stores known lines once each, keeps the streams apart, finds them by search, and continues the history across a restart', async () => {
    const id = await world.deploy('printer', { printer: { script: PRINTER } });
    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [id] });
    const first = await world.waitFor('the first lines', async () => {
      const page = await logs(id);
      return page.total === 41 && page;
    });
    expect(first.lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(BOOT);
    expect(first.lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(WARNINGS);
    expect(new Set(first.lines.map((l) => l.service))).toEqual(new Set(['printer']));
    expect(world.pushed('monitoring:logs-appended').some((e) => e.deploymentId === id)).toBe(true);

    await world.t.call('deployments:restart', { id });
    await world.t.core.jobs.settled();
    const both = await world.waitFor('the lines after the restart', async () => {
      const page = await logs(id, { streams: ['stdout'] });
      return page.total === 42 && page;
    });
    expect(both.lines.map((l) => l.text)).toEqual([...BOOT, ...BOOT]);
    expect((await logs(id, { streams: ['stderr'] })).lines.map((l) => l.text)).toEqual([
      ...WARNINGS,
      ...WARNINGS,
    ]);

    const found = await logs(id, { search: 'known line 3' });
    expect(found.lines.map((l) => l.text)).toEqual(['known line 3', 'known line 3']);
    const located = await world.t.call('monitoring:logs-locate', {
      deploymentId: id,
      streams: ['stdout'],
      at: both.lines[21]!.at,
    });
    expect(located.index).toBeGreaterThanOrEqual(20);
    expect(located.index).toBeLessThanOrEqual(21);
    const file = await world.t.call('monitoring:logs-download', { deploymentId: id, streams: ['stdout'] });
    expect(file.lineCount).toBe(42);
    expect(
      file.text
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ').slice(3).join(' ')),
    ).toEqual([...BOOT, ...BOOT]);

    // Read again, from before the newest line, round after round: nothing is stored twice.
    for (let round = 0; round < 3; round += 1) await world.t.call('monitoring:refresh', { deploymentId: id });
    expect((await logs(id)).total).toBe(82);
  });

  it('keeps invalid UTF-8, a 1 MB line, binary output and a 10 MB/s logger within the caps, answering all along', async () => {
    await world.t.call('settings:update', { monitoring: { logMegabytesPerDeployment: 4 } });
    const junk = await world.deploy('junk', {
      utf: {
        script:
          "printf 'bad \\377\\376 bytes\\n'; printf 'bell \\007 esc \\033[31mred\\033[0m\\n'; exec sleep 3600",
      },
      huge: { script: "head -c 1048576 /dev/zero | tr '\\000' a; echo; echo after-huge; exec sleep 3600" },
      binary: { script: 'head -c 65536 /dev/urandom; echo; echo after-binary; exec sleep 3600' },
    });
    const block =
      'i=0; while [ $$i -lt 10000 ]; do echo "flood line $$i: the quick brown fox jumps over the lazy dog, again and again and again"; i=$$((i+1)); done > /tmp/mb';
    const flood = await world.deploy('flood', {
      flood: {
        script: `${block}; sleep 2; n=0; while [ $$n -lt 60 ]; do cat /tmp/mb; sleep 0.1; n=$$((n+1)); done; echo flood-done; exec sleep 3600`,
      },
    });
    await world.t.call('monitoring:focus', { viewId: 'test', deploymentIds: [junk, flood] });
    let slowest = 0;
    await world.waitFor(
      'every service to finish its output',
      async () => {
        const started = performance.now();
        await world.t.call('monitoring:overview', { deploymentId: flood });
        slowest = Math.max(slowest, performance.now() - started);
        const after = await logs(junk, { search: 'after' });
        const done = await logs(flood, { search: 'flood done' });
        return after.total === 2 && done.total === 1;
      },
      60_000,
    );
    expect(slowest).toBeLessThan(1000);

    const utf = (await logs(junk, { services: ['utf'] })).lines.map((l) => l.text);
    expect(utf).toEqual(['bad \uFFFD\uFFFD bytes', 'bell \uFFFD esc red']);
    const huge = (await logs(junk, { services: ['huge'] })).lines;
    expect(huge).toHaveLength(2);
    expect(huge[0]!.text.length).toBeLessThan(17_000);
    expect(huge[0]!.text).toMatch(/^a+ … \[\d+ more bytes not kept\]$/);
    expect(huge[1]!.text).toBe('after-huge');
    const binary = (await logs(junk, { services: ['binary'] })).lines.map((l) => l.text);
    expect(binary.at(-1)).toBe('after-binary');
    expect(/[^\P{Cc}\t]/u.test(binary.join(''))).toBe(false);
    expect((await logs(flood, { search: 'skipped' })).total).toBeGreaterThan(0);

    await world.t.call('workers:run', { name: 'monitoring-retention' });
    const usage = await world.t.call('monitoring:usage', {});
    const flooded = usage.deployments.find((d) => d.deploymentId === flood)!;
    expect(flooded.logBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(flooded.logLines).toBeGreaterThan(1000);
    expect(usage.deployments.find((d) => d.deploymentId === junk)!.logLines).toBe((await logs(junk)).total);
  });
});

import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '@shared/contract/jobs';
import { formatBytes, meter } from './transfer';

const job = (seen: JobProgress[]) => ({ jobId: 'j', signal: new AbortController().signal, progress: (p: JobProgress) => seen.push(p) });

describe('transfer meter', () => {
  it('counts the bytes and reports them with the rate', async () => {
    const seen: JobProgress[] = [];
    const counted = meter(job(seen), 'Backing up', { index: 1, count: 2 });
    expect(await text(counted.through(Readable.from([Buffer.from('abc'), Buffer.from('de')])))).toBe('abcde');
    expect(counted.bytes()).toBe(5);
    expect(seen.at(-1)).toMatchObject({ step: 'Backing up', fraction: 0.5, detail: expect.stringMatching(/^5 B · .+\/s$/) as string });
  });

  it('passes a whole tar, and fails one cut short before its end reaches the reader', async () => {
    const whole = meter(job([]), 'tar', { index: 0, count: 1 }, { isTar: true });
    const tar = Buffer.concat([Buffer.alloc(512, 1), Buffer.alloc(1024)]);
    expect((await text(whole.through(Readable.from([tar])))).length).toBe(1536);
    // The end split over chunks smaller than itself.
    const split = meter(job([]), 'tar', { index: 0, count: 1 }, { isTar: true });
    const parts = [tar.subarray(0, 1100), tar.subarray(1100, 1300), tar.subarray(1300)];
    expect((await text(split.through(Readable.from(parts)))).length).toBe(1536);
    const cut = meter(job([]), 'tar', { index: 0, count: 1 }, { isTar: true });
    await expect(text(cut.through(Readable.from([Buffer.alloc(1024, 1)])))).rejects.toThrow('ended before the whole archive');
  });

  it('formats sizes', () => {
    expect([formatBytes(0), formatBytes(1536), formatBytes(500 * 1024 * 1024)]).toEqual(['0 B', '1.5 KiB', '500 MiB']);
  });
});

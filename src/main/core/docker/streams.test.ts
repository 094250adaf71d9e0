import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { demuxLogs, readPullStream, type PullProgress } from './streams';

const line = (event: object) => `${JSON.stringify(event)}\n`;

describe('readPullStream', () => {
  it('reports the fraction of bytes across layers, and resolves at the end', async () => {
    const stream = new PassThrough();
    const seen: PullProgress[] = [];
    const done = readPullStream(stream, (p) => seen.push(p), new AbortController().signal);
    stream.write(line({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } }));
    // A line split across two chunks is read once whole.
    const split = line({ status: 'Downloading', id: 'b', progressDetail: { current: 0, total: 300 } });
    stream.write(split.slice(0, 10));
    stream.write(split.slice(10));
    stream.write(line({ status: 'Pull complete', id: 'a' }));
    stream.end(line({ status: 'Download complete', id: 'b' }));
    await done;
    expect(seen.map((p) => p.fraction)).toEqual([0.5, 50 / 400, 100 / 400, 1]);
    expect(seen.at(-1)).toMatchObject({ layers: 2, status: 'Download complete' });
  });

  it('rejects with an error the engine sent inside a 200 stream', async () => {
    const stream = new PassThrough();
    const done = readPullStream(stream, () => undefined, new AbortController().signal);
    stream.end(line({ error: 'manifest unknown' }));
    await expect(done).rejects.toThrow('manifest unknown');
  });

  it('rejects and stops reading when cancelled, also when cancelled before it began', async () => {
    const controller = new AbortController();
    const stream = new PassThrough();
    const done = readPullStream(stream, () => undefined, controller.signal);
    controller.abort(new AppError('cancelled', 'Cancelled by the user.'));
    await expect(done).rejects.toThrow('Cancelled by the user.');
    expect(stream.destroyed).toBe(true);

    const early = new PassThrough();
    await expect(readPullStream(early, () => undefined, controller.signal)).rejects.toThrow(
      'Cancelled by the user.',
    );
    expect(early.destroyed).toBe(true);
  });
});

describe('demuxLogs', () => {
  it('splits frames into stdout and stderr lines', () => {
    const frame = (kind: number, text: string) => {
      const header = Buffer.alloc(8);
      header[0] = kind;
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    expect(demuxLogs(Buffer.concat([frame(1, 'one\ntwo\n'), frame(2, 'oops\n')]))).toEqual([
      { stream: 'stdout', text: 'one' },
      { stream: 'stdout', text: 'two' },
      { stream: 'stderr', text: 'oops' },
    ]);
  });
});

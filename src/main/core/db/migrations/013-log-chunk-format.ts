import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

export interface ChunkLine {
  id: number;
  atUs: number;
  stream: number;
  text: string;
}

/** A chunk's lines as columns (index = position), so a search makes objects only for its matches. */
export interface ChunkColumns {
  ids: number[];
  times: number[];
  streams: string;
  texts: string[];
}

const NEWLINE = '\n';

/**
 * A chunk's body, Brotli-compressed: a JSON head with its lines' ids and times (as steps from the
 * previous line, which compress to little) and streams, a zero byte, then the texts one per line
 * (splitting is far faster than parsing them as JSON). Texts holding a newline (the log decoder
 * never stores one) go in the head instead. Migration 013 writes what the store reads.
 */
export function packChunk(lines: ChunkLine[]): Buffer {
  const texts = lines.map((line) => line.text);
  const isPlain = texts.every((text) => !text.includes(NEWLINE));
  const head = {
    ids: lines.map((line, i) => line.id - (lines[i - 1]?.id ?? 0)),
    times: lines.map((line, i) => line.atUs - (lines[i - 1]?.atUs ?? 0)),
    streams: lines.map((line) => line.stream).join(''),
    texts: isPlain ? null : texts,
  };
  const raw = Buffer.from(`${JSON.stringify(head)}\u0000${isPlain ? texts.join(NEWLINE) : ''}`);
  // Brotli at quality 2: on log chunks about as small as deflate at 6, and faster both ways.
  return brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 2, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
}

export function unpackChunk(body: Buffer): ChunkColumns {
  const raw = brotliDecompressSync(body);
  // JSON escapes every control character, so the first zero byte ends the head.
  const end = raw.indexOf(0);
  const head = JSON.parse(raw.toString('utf8', 0, end)) as Omit<ChunkColumns, 'texts'> & { texts: string[] | null };
  const { ids, times } = head;
  for (let i = 1; i < ids.length; i += 1) {
    ids[i] = (ids[i] ?? 0) + (ids[i - 1] ?? 0);
    times[i] = (times[i] ?? 0) + (times[i - 1] ?? 0);
  }
  const texts = head.texts ?? (ids.length === 0 ? [] : raw.toString('utf8', end + 1).split(NEWLINE));
  return { ids, times, streams: head.streams, texts };
}

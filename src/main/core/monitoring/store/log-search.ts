import type { Database } from '../../db/database';
import type { ChunkLine } from '../../db/migrations/013-log-chunk-format';
import { createChunkLoader } from './log-chunk-store';
import type { Filter } from './log-query';

export interface FoundLine extends ChunkLine {
  sourceKey: number;
}

interface Candidate {
  id: number;
  sourceKey: number;
  body: Buffer | null;
  lines: number;
  live: number;
}

/**
 * Every line the search matches, in time order, read chunk by chunk: the chunks whose index holds
 * every word (all of them for a search without words) and the open ones, each unpacked once and its
 * lines matched. A chunk whose oldest lines were trimmed keeps them in its body until it goes whole,
 * so its lines are checked against the index; every other chunk's lines are all kept.
 */
export function searchLines(db: Database, filter: Filter, matches: (text: string) => boolean): FoundLine[] {
  if (filter.sourceKeys.length === 0) return [];
  const sources = filter.sourceKeys.map(() => '?').join(', ');
  const byWords = filter.words
    ? ' AND (body IS NULL OR id IN (SELECT rowid FROM log_chunk_search WHERE log_chunk_search MATCH ?))'
    : '';
  const candidates = db
    .prepare(
      `SELECT id, source_key AS sourceKey, body, lines, live FROM log_chunks WHERE source_key IN (${sources})${byWords}`,
    )
    .all(...filter.sourceKeys, ...(filter.words ? [filter.words] : [])) as Candidate[];
  const isKept = db.prepare('SELECT 1 FROM log_index WHERE deployment_key = ? AND at_us = ? AND id = ?').pluck();
  const load = createChunkLoader(db);
  const stream = filter.stream === null ? null : String(filter.stream);
  const found: FoundLine[] = [];
  for (const chunk of candidates) {
    const isTrimmed = chunk.live < chunk.lines;
    const { ids, times, streams, texts } = load(chunk.id, chunk.body);
    texts.forEach((text, i) => {
      if ((stream !== null && streams[i] !== stream) || !matches(text)) return;
      const id = ids[i] ?? 0;
      const atUs = times[i] ?? 0;
      if (isTrimmed && isKept.get(filter.deploymentKey, atUs, id) === undefined) return;
      found.push({ id, atUs, stream: Number(streams[i]), text, sourceKey: chunk.sourceKey });
    });
  }
  return found.sort((a, b) => a.atUs - b.atUs || a.id - b.id);
}

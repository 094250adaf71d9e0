import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkQuery, lineMatcher } from './log-match';
import { searchPhrase } from './log-query';

const texts = [
  'GET /api/users/42 200 in 12 ms',
  'POST /api/users_admin 500 connection timeout',
  '{"level":"error","msg":"Connection Timeout","user_id":7}',
  'Café crème brûlée served to ÉLODIE',
  'naïve résumé façade',
  '    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)',
  'timeout connection reversed',
  '数据库 连接 超时 error',
  'under_score_words and CamelCase',
  '100% done -> next [step]',
];
const searches = [
  'connection timeout',
  'GET /api/us',
  'users',
  'CAFE creme',
  'elodie',
  'resume faca',
  'pg-pool index',
  'user_id',
  'score words',
  '连接',
  'timeout',
  'camel',
  '%',
  '->',
  '[STEP]',
];

let db: BetterSqlite3.Database | null = null;
afterEach(() => db?.close());

describe('line matcher', () => {
  it('matches each line as the phrase query of the full-text index over that line did', () => {
    db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE lines (id INTEGER PRIMARY KEY, text TEXT); CREATE VIRTUAL TABLE search USING fts5 (text)');
    texts.forEach((text, id) => {
      db?.prepare('INSERT INTO lines (id, text) VALUES (?, ?)').run(id, text);
      db?.prepare('INSERT INTO search (rowid, text) VALUES (?, ?)').run(id, text);
    });
    for (const search of searches) {
      const phrase = searchPhrase(search);
      const expected = (
        phrase
          ? db.prepare('SELECT rowid AS id FROM search WHERE search MATCH ? ORDER BY rowid').all(phrase)
          : db
              .prepare("SELECT id FROM lines WHERE text LIKE ? ESCAPE '\\' ORDER BY id")
              .all(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
      ) as { id: number }[];
      const matches = lineMatcher(search);
      const found = texts.flatMap((text, id) => (matches?.(text) ? [id] : []));
      expect({ search, found }).toEqual({ search, found: expected.map((row) => row.id) });
    }
    expect(lineMatcher('  ')).toBeNull();
  });

  it('asks the chunk index for every word, the last one a prefix', () => {
    expect(chunkQuery('GET /api/us')).toBe('"GET" AND "api" AND "us"*');
    expect(chunkQuery('user_id')).toBe('"user" AND "id"*');
    expect(chunkQuery('->')).toBeNull();
  });
});

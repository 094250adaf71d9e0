import type BetterSqlite3 from 'better-sqlite3';
import { foundation } from './001-foundation';

export interface Migration {
  version: number;
  name: string;
  up: (db: BetterSqlite3.Database) => void;
}

/** Append only: a released migration is never edited, a change is a new migration. */
export const migrations: readonly Migration[] = [foundation];

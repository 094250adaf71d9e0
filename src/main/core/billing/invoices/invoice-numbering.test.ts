import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../../tests/helpers/temp-dir';
import { openDatabase } from '../../db/database';
import { migrations } from '../../db/migrations';
import { formatInvoiceNumber, takeInvoiceNumber } from './invoice-numbering';

describe('invoice numbering', () => {
  const dir = makeTempDir();
  afterEach(() => dir.remove());

  it('formats as INV-year-sequence, padded to four digits and growing past them', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('INV-2026-0001');
    expect(formatInvoiceNumber(2026, 12345)).toBe('INV-2026-12345');
  });

  it('counts gap-free per year, survives a reopen, and gives nothing back when the transaction rolls back', () => {
    const file = join(dir.path, 'hoster.db');
    let { db } = openDatabase(file, migrations);
    const take = (year: number) => db.transaction(() => takeInvoiceNumber(db, year))();
    expect([take(2026), take(2026), take(2027), take(2026)]).toEqual([
      'INV-2026-0001',
      'INV-2026-0002',
      'INV-2027-0001',
      'INV-2026-0003',
    ]);
    expect(() =>
      db.transaction(() => {
        takeInvoiceNumber(db, 2026);
        throw new Error('opening failed');
      })(),
    ).toThrow('opening failed');
    db.close();
    ({ db } = openDatabase(file, migrations));
    expect(db.transaction(() => takeInvoiceNumber(db, 2026))()).toBe('INV-2026-0004');
    expect(() => takeInvoiceNumber(db, 2026)).toThrow(/inside the transaction/);
    db.close();
  });
});

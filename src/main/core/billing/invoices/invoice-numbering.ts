import type { Database } from '../../db/database';

export const formatInvoiceNumber = (year: number, sequence: number): string =>
  `INV-${year}-${String(sequence).padStart(4, '0')}`;

/**
 * The next number of `year`, gap-free: call it inside the transaction that opens the invoice, so a
 * number is only ever taken by an invoice that is then open (voiding keeps it).
 */
export function takeInvoiceNumber(db: Database, year: number): string {
  if (!db.inTransaction)
    throw new Error('takeInvoiceNumber must run inside the transaction that opens the invoice');
  const row = db
    .prepare<[number], { last_number: number }>(
      `INSERT INTO invoice_numbers (year, last_number) VALUES (?, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`,
    )
    .get(year);
  if (!row) throw new Error('invoice number sequence returned nothing');
  return formatInvoiceNumber(year, row.last_number);
}

import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { type Customer, type customerInputSchema, type customerPatchSchema } from '@shared/contract/billing';
import { AppError } from '@shared/result';
import type { Database } from '../../db/database';

interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  currency: string;
  tax_rate_bp: number | null;
  notes: string;
  is_personal: number;
  assigned: number;
  created_at: string;
  updated_at: string;
}

const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  name: row.name,
  email: row.email,
  currency: row.currency,
  taxRateBasisPoints: row.tax_rate_bp,
  notes: row.notes,
  isPersonal: row.is_personal === 1,
  assignedDeployments: row.assigned,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const selectCustomers = `
  SELECT c.*, (SELECT COUNT(*) FROM billing_deployments d WHERE d.customer_id = c.id AND d.status <> 'deleted') AS assigned
  FROM customers c`;

/** Reads live (not deleted) customers; Personal is found but may not be edited. */
function customerReads(db: Database) {
  const byId = db.prepare<[string], CustomerRow>(
    `${selectCustomers} WHERE c.id = ? AND c.deleted_at IS NULL`,
  );
  const all = db.prepare<[], CustomerRow>(
    `${selectCustomers} WHERE c.deleted_at IS NULL ORDER BY c.is_personal DESC, c.name COLLATE NOCASE`,
  );
  const get = (id: string): Customer => {
    const row = byId.get(id);
    if (!row) throw new AppError('not_found', 'That customer does not exist (or was deleted).');
    return toCustomer(row);
  };
  return {
    get,
    list: (): Customer[] => all.all().map(toCustomer),
    editable: (id: string): Customer => {
      const customer = get(id);
      if (customer.isPersonal)
        throw new AppError(
          'forbidden',
          'Personal is built in: it cannot be changed or deleted, and is never invoiced.',
        );
      return customer;
    },
  };
}

const stillAssigned = (customer: Customer) =>
  new AppError(
    'conflict',
    `${customer.name} still has ${customer.assignedDeployments} deployment${customer.assignedDeployments === 1 ? '' : 's'}. Move them to another customer or delete them first.`,
  );

export function createCustomerService(db: Database, now: () => Date) {
  const { get, list, editable } = customerReads(db);

  return {
    get,
    list,
    create(input: z.output<typeof customerInputSchema>): Customer {
      const id = `cus_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const stamp = now().toISOString();
      const { name, email, currency, notes } = input;
      db.prepare(
        `INSERT INTO customers (id, name, email, currency, tax_rate_bp, notes, is_personal, created_at, updated_at)
         VALUES (@id, @name, @email, @currency, @tax, @notes, 0, @stamp, @stamp)`,
      ).run({ id, name, email, currency, tax: input.taxRateBasisPoints, notes, stamp });
      return get(id);
    },
    update(patch: z.output<typeof customerPatchSchema>): Customer {
      const current = editable(patch.id);
      db.prepare(
        `UPDATE customers SET name = @name, email = @email, currency = @currency, tax_rate_bp = @tax, notes = @notes, updated_at = @stamp WHERE id = @id`,
      ).run({
        id: current.id,
        name: patch.name ?? current.name,
        email: patch.email ?? current.email,
        currency: patch.currency ?? current.currency,
        tax: patch.taxRateBasisPoints === undefined ? current.taxRateBasisPoints : patch.taxRateBasisPoints,
        notes: patch.notes ?? current.notes,
        stamp: now().toISOString(),
      });
      return get(current.id);
    },
    /** Soft delete: the customer's invoices keep pointing at it. */
    delete(id: string): { id: string } {
      const customer = editable(id);
      if (customer.assignedDeployments > 0) throw stillAssigned(customer);
      db.prepare('UPDATE customers SET deleted_at = @stamp, updated_at = @stamp WHERE id = @id').run({
        id,
        stamp: now().toISOString(),
      });
      return { id };
    },
  };
}

export type CustomerService = ReturnType<typeof createCustomerService>;

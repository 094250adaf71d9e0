import { AppError } from '@shared/result';
import { openDatabase, type Database } from '../db/database';
import { migrations } from '../db/migrations';
import { createDeploymentRepository } from './deployment-repository';
import type { NewDeployment } from './deployment-types';

/** For the deployments feature's unit tests: a repository on a fresh in-memory database, a row to add, a refusal to read. */

const opened: Database[] = [];

/** Closes every database `freshRepository` opened; call it after each test. */
export const closeRepositories = () => opened.splice(0).forEach((db) => db.close());

export const freshRepository = () => {
  const { db } = openDatabase(':memory:', migrations);
  opened.push(db);
  return { db, repository: createDeploymentRepository(db) };
};

export const newDeployment = (id: string, overrides: Partial<NewDeployment> = {}): NewDeployment => ({
  id,
  name: id,
  nodeId: 'n1',
  templateId: 't1',
  templateName: 'Test app',
  templateVersion: '1.0.0',
  customerId: null,
  exposure: 'private',
  priceMonthlyCents: 300,
  priceOverrideCents: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** The AppError `run` refuses with; any other outcome fails the test. */
export function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

import { isMethodName, methods, type Handlers } from '@shared/contract';
import { AppError, isAppError, type Result } from '@shared/result';
import type { z } from 'zod';
import type { Logger } from './logger';

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

const describeIssue = (issue: z.core.$ZodIssue): { field: string; message: string } => {
  const field = issue.path.map(String).join('.');
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
};

/**
 * The one door into the core for every transport: checks the method exists, parses the input with
 * its schema, runs the handler, parses the output (which also strips fields the contract does not
 * declare), and turns every failure into a Result, never a raw error or a stack.
 */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'not_found', message: `Unknown method ${method}.` } };
    }
    const definition = methods[method];
    const parsed = definition.input.safeParse(input ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const described = first ? describeIssue(first) : { field: '', message: 'Invalid input.' };
      return { ok: false, error: { code: 'invalid_input', message: described.message, field: described.field } };
    }
    try {
      const handler = handlers[method] as (value: unknown) => unknown;
      const value = await handler(parsed.data);
      const output = definition.output.safeParse(value);
      if (!output.success) {
        logger.error('handler returned a value outside its contract', { method, issues: output.error.issues.slice(0, 3).map((i) => describeIssue(i).message) });
        return { ok: false, error: { code: 'internal', message: `The app produced an invalid answer for ${method}.` } };
      }
      return { ok: true, value: output.data };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: error.toData() };
      logger.error('handler failed', { method, error: error instanceof Error ? error.message : String(error) });
      return { ok: false, error: new AppError('internal', `${method} failed unexpectedly; see the app log.`).toData() };
    }
  };
}

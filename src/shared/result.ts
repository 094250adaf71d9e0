import { z } from 'zod';

/** Every failure that crosses the contract carries one of these codes; the UI words its message by code. */
export const errorCodes = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
  'rate_limited',
  'timeout',
  'cancelled',
  'host_unreachable',
  'host_key_unknown',
  'host_key_mismatch',
  'auth_failed',
  'docker_unavailable',
  'keychain_unavailable',
  'vault_locked',
  'database_too_new',
  'unsupported',
  'internal',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorDataSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  field: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AppErrorData = z.infer<typeof appErrorDataSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export interface AppErrorOptions {
  field?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type product code throws on purpose; anything else becomes `internal` at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }

  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, { field: data.field, details: data.details });
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;

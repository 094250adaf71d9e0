import type { ValidationIssue } from '@shared/contract/template-model';
import { issue } from './issues';
import { findExcessiveNesting } from './yaml-nesting';

const MAX_JSON_DEPTH = 64;

/** JSON.parse behind a size cap and a nesting check, as every imported file gets. */
export function readJson(
  text: string,
  maxBytes: number,
): { ok: true; value: unknown } | { ok: false; error: ValidationIssue } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return {
      ok: false,
      error: issue(
        'import',
        'import:too-large',
        `The file is ${Math.ceil(bytes / 1024)} KiB; the limit is ${Math.floor(maxBytes / 1024)} KiB.`,
      ),
    };
  }
  const excess = findExcessiveNesting(text, MAX_JSON_DEPTH);
  if (excess)
    return {
      ok: false,
      error: issue(
        'import',
        'import:too-deep',
        `The file nests more than ${MAX_JSON_DEPTH} levels deep.`,
        [],
        { line: excess.line, column: 1 },
      ),
    };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: issue(
        'import',
        'import:not-json',
        `The file is not JSON: ${error instanceof Error ? error.message : 'unreadable'}.`,
      ),
    };
  }
}

import type { IssueFile, ValidationIssue } from '@shared/contract/template-model';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Position {
  line: number;
  column: number;
}

/** Finds where a path sits in the source YAML; `key` asks for the key of a mapping entry. */
export type Locator = (path: Path, at?: 'key' | 'value') => Position | undefined;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['services', 'web', 'ports', 0]` → `services.web.ports[0]`; odd keys are quoted: `labels["a.b"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Collects issues with their positions; the first error at a path wins, so one mistake reads as one error. */
export interface IssueCollector {
  readonly errors: ValidationIssue[];
  readonly warnings: ValidationIssue[];
  error(code: string, message: string, path: Path, at?: 'key' | 'value'): void;
  warn(code: string, message: string, path: Path, at?: 'key' | 'value'): void;
  /** Whether an error was already reported at this path, above it or below it. */
  covers(path: Path): boolean;
}

const MAX_ISSUES = 200;

export function createIssueCollector(file: IssueFile, locate?: Locator): IssueCollector {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const errorPaths: string[] = [];
  const make = (
    code: string,
    message: string,
    path: Path,
    at: 'key' | 'value' = 'value',
  ): ValidationIssue => {
    const issue: ValidationIssue = { code, message, file, path: formatPath(path) };
    const position = locate?.(path, at);
    if (position) {
      issue.line = position.line;
      issue.column = position.column;
    }
    return issue;
  };
  return {
    errors,
    warnings,
    error(code, message, path, at) {
      const where = formatPath(path);
      if (errors.length >= MAX_ISSUES || (where !== '' && errorPaths.includes(where))) return;
      errors.push(make(code, message, path, at));
      errorPaths.push(where);
    },
    warn(code, message, path, at) {
      if (warnings.length >= MAX_ISSUES) return;
      warnings.push(make(code, message, path, at));
    },
    covers(path) {
      const target = formatPath(path);
      const within = (inner: string, outer: string) =>
        inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
      return errorPaths.some((p) => p === target || within(target, p) || within(p, target));
    },
  };
}

export const issue = (
  file: IssueFile,
  code: string,
  message: string,
  path: Path = [],
  position?: Position,
): ValidationIssue => ({
  code,
  message,
  file,
  path: formatPath(path),
  ...(position ? { line: position.line, column: position.column } : {}),
});

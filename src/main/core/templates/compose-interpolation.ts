import { isDict, setOwn } from './compose-values';
import {
  substituteParts,
  hasDollar,
  isLiteral,
  parseInterpolation,
  referencedNames,
  type Parsed,
} from './interpolation';
import type { IssueCollector, Path, PathSegment } from './issues';

const isExtensionKey = (segment: PathSegment | undefined): boolean =>
  typeof segment === 'string' && segment.startsWith('x-');

/**
 * Variables may stand only in values that are plain text to Docker: image, command, entrypoint,
 * environment, labels, user, working directory, hostname, extra hosts, healthcheck test and log
 * options, and inside extension keys (top-level `x-*` and `services.<name>.x-*`), which Docker never
 * sees. Everything else (ports, volumes, limits, capabilities…) must be literal so validation and
 * the safety policy judge what will really run, not a value chosen later.
 */
export function allowsVariables(path: Path): boolean {
  const [top, , key, ...rest] = path;
  // Extension keys are free text, but only as keys: a service *named* x-… is refused elsewhere.
  if (isExtensionKey(top)) return true;
  if (top !== 'services') return false;
  if (isExtensionKey(key)) return true;
  switch (key) {
    case 'image':
    case 'user':
    case 'working_dir':
    case 'hostname':
      return rest.length === 0;
    case 'command':
    case 'entrypoint':
      return rest.length <= 1;
    case 'environment':
    case 'labels':
    case 'extra_hosts':
      return rest.length === 1;
    case 'healthcheck':
      return rest[0] === 'test';
    case 'logging':
      return rest[0] === 'options' && rest.length === 2;
    default:
      return false;
  }
}

const ALLOWED_FIELDS_TEXT =
  'image, command, entrypoint, environment, labels, user, working_dir, hostname, extra_hosts, healthcheck.test and logging.options';

/** `path` is one array reused for the whole walk: copy it to keep it. */
type StringVisitor = (text: string, path: readonly PathSegment[]) => string;

/**
 * Passes every string value (never a key) of a parsed YAML value through `visit`. Copy on write:
 * containers are copied only where a string changed, so the common case allocates nothing.
 */
export function mapStrings(value: unknown, visit: StringVisitor): unknown {
  const path: PathSegment[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return visit(node, path);
    if (Array.isArray(node)) {
      let copy: unknown[] | null = null;
      for (let index = 0; index < node.length; index += 1) {
        const item: unknown = node[index];
        path.push(index);
        const next = walk(item);
        path.pop();
        if (next !== item) (copy ??= [...(node as unknown[])])[index] = next;
      }
      return copy ?? node;
    }
    if (isDict(node)) {
      let copy: Record<string, unknown> | null = null;
      for (const [key, item] of Object.entries(node)) {
        path.push(key);
        const next = walk(item);
        path.pop();
        if (next !== item) setOwn((copy ??= { ...node }), key, next);
      }
      return copy ?? node;
    }
    return node;
  };
  return walk(value);
}

/**
 * Checks every `$` in the compose file: the syntax, that each variable is declared by the template
 * (`declared`), and that it stands where variables may. Returns the tree ready for normalizing
 * with placeholders kept where allowed and `$$` turned into `$` elsewhere, plus the names used.
 */
export function checkInterpolation(
  value: unknown,
  declared: ReadonlySet<string>,
  issues: IssueCollector,
): { prepared: unknown; used: Set<string> } {
  const used = new Set<string>();
  const prepared = mapStrings(value, (text, path) => {
    if (!hasDollar(text)) return text;
    const parsed = parseInterpolation(text);
    if (!parsed.ok) {
      issues.error('variable:syntax', parsed.error, path);
      return text;
    }
    if (isLiteral(parsed.value))
      return allowsVariables(path)
        ? text
        : parsed.value.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    if (!allowsVariables(path)) {
      issues.error(
        'variable:not-allowed',
        `Variables are not allowed here, only in ${ALLOWED_FIELDS_TEXT}; write the value itself.`,
        path,
      );
      return text;
    }
    for (const name of referencedNames(parsed.value)) {
      used.add(name);
      if (!declared.has(name))
        issues.error(
          'variable:undeclared',
          `\${${name}} is not a variable or secret of this template.`,
          path,
        );
    }
    return text;
  });
  return { prepared, used };
}

/** Replaces every variable with its value, collecting each `${NAME:?message}` that finds none. */
export function substituteTree(
  value: unknown,
  lookup: (name: string) => string | undefined,
): { value: unknown; failures: { path: PathSegment[]; error: string }[] } {
  const failures: { path: PathSegment[]; error: string }[] = [];
  const result = mapStrings(value, (text, path) => {
    if (!hasDollar(text)) return text;
    const parsed = parseInterpolation(text);
    const substituted: Parsed<string> = parsed.ok ? substituteParts(parsed.value, lookup) : parsed;
    if (substituted.ok) return substituted.value;
    failures.push({ path: [...path], error: substituted.error });
    return text;
  });
  return { value: result, failures };
}

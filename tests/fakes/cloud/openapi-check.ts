/**
 * Checks requests (and the fake's own answers) against a provider's OpenAPI subset: the operation
 * exists, path, query and header parameters have their documented types, required ones are there,
 * the bearer token is sent, and a JSON body matches the request schema. Uses ajv (a devDependency).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: object;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
export interface OpenApiSubset {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { parameters?: Record<string, Parameter> };
}

export interface CheckInput {
  method: string;
  /** The path below the API's base (`/droplets/1`, not `/v2/droplets/1`). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface CheckResult {
  operationId: string | null;
  pathParams: Record<string, string>;
  body: unknown;
  violations: string[];
}

const pointer = (...parts: string[]) =>
  '#/' + parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .map((error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`)
    .join('; ');

/** A subset file next to this one (read, not imported: Playwright's loader would want an import attribute). */
export const readSubset = (file: string): OpenApiSubset =>
  JSON.parse(readFileSync(join(import.meta.dirname, file), 'utf8')) as OpenApiSubset;

export function createOpenApiChecker(spec: OpenApiSubset) {
  const basePath = new URL(spec.servers[0]?.url ?? 'http://x/').pathname.replace(/\/+$/, '');
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  const coercing = new Ajv({
    strict: false,
    coerceTypes: true,
    validateFormats: false,
    unicodeRegExp: false,
  });
  ajv.addSchema(spec, 'spec');
  const routes = Object.keys(spec.paths).map((template) => ({
    template,
    names: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ''),
    regex: new RegExp('^' + template.replace(/\{[^}]+\}/g, '([^/]+)') + '$'),
  }));
  const resolve = (parameter: Parameter | { $ref: string }): Parameter => {
    if (!('$ref' in parameter)) return parameter;
    const name = parameter.$ref.split('/').pop() ?? '';
    const found = spec.components.parameters?.[name];
    if (!found) throw new Error(`the description names an unknown parameter ${parameter.$ref}`);
    return found;
  };
  const typed = (parameter: Parameter, value: string): string | null => {
    const validate = coercing.compile({ type: 'object', properties: { value: parameter.schema } });
    if (validate({ value })) return null;
    return `${parameter.in} parameter ${parameter.name}=${value} ${(validate.errors ?? []).map((e) => e.message).join('; ')}`;
  };

  const checkParameters = (operation: Operation, input: CheckInput, pathParams: Record<string, string>) => {
    const violations: string[] = [];
    const parameters = (operation.parameters ?? []).map(resolve);
    for (const parameter of parameters) {
      const value =
        parameter.in === 'path'
          ? pathParams[parameter.name]
          : parameter.in === 'query'
            ? (input.query.get(parameter.name) ?? undefined)
            : input.headers[parameter.name.toLowerCase()];
      if (value === undefined) {
        if (parameter.required)
          violations.push(`missing required ${parameter.in} parameter ${parameter.name}`);
        continue;
      }
      const problem = typed(parameter, Array.isArray(value) ? (value[0] ?? '') : value);
      if (problem) violations.push(problem);
    }
    for (const name of new Set(input.query.keys()))
      if (!parameters.some((p) => p.in === 'query' && p.name === name))
        violations.push(`undocumented query parameter ${name}`);
    return violations;
  };

  const checkBody = (template: string, method: string, operation: Operation, input: CheckInput) => {
    if (!operation.requestBody)
      return { body: undefined, violations: input.rawBody ? ['a body where none is documented'] : [] };
    if (!input.rawBody)
      return { body: undefined, violations: operation.requestBody.required ? ['missing request body'] : [] };
    const type = String(input.headers['content-type'] ?? '');
    if (!type.startsWith('application/json'))
      return { body: undefined, violations: [`content-type ${type || '(none)'} is not application/json`] };
    let body: unknown;
    try {
      body = JSON.parse(input.rawBody);
    } catch {
      return { body: undefined, violations: ['the body is not JSON'] };
    }
    const validate = ajv.getSchema(
      'spec' + pointer('paths', template, method, 'requestBody', 'content', 'application/json', 'schema'),
    );
    if (!validate) throw new Error(`no request schema for ${method} ${template}`);
    return { body, violations: validate(body) ? [] : [`request body: ${describeErrors(validate)}`] };
  };

  return {
    basePath,
    check(input: CheckInput): CheckResult {
      const method = input.method.toLowerCase();
      for (const route of routes) {
        const match = route.regex.exec(input.path);
        if (!match) continue;
        const operation = spec.paths[route.template]?.[method];
        if (!operation)
          return {
            operationId: null,
            pathParams: {},
            body: undefined,
            violations: [`${input.method} ${route.template} is not described`],
          };
        const pathParams = Object.fromEntries(
          route.names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
        );
        const auth = String(input.headers.authorization ?? '');
        const violations = /^Bearer \S+$/.test(auth) ? [] : ['no Authorization: Bearer token'];
        violations.push(...checkParameters(operation, input, pathParams));
        const body = checkBody(route.template, method, operation, input);
        return {
          operationId: operation.operationId,
          pathParams,
          body: body.body,
          violations: [...violations, ...body.violations],
        };
      }
      return {
        operationId: null,
        pathParams: {},
        body: undefined,
        violations: [`${input.method} ${input.path} is not described`],
      };
    },
    /** Problems with an answer the fake gives, against the documented response schema (when one is). */
    checkResponse(template: string, method: string, status: number, body: unknown): string[] {
      const content = spec.paths[template]?.[method.toLowerCase()]?.responses[String(status)]?.content;
      if (!content?.['application/json']) return [];
      const validate = ajv.getSchema(
        'spec' +
          pointer(
            'paths',
            template,
            method.toLowerCase(),
            'responses',
            String(status),
            'content',
            'application/json',
            'schema',
          ),
      );
      if (!validate) return [];
      return validate(body)
        ? []
        : [`answer to ${method} ${template} (${status}): ${describeErrors(validate)}`];
    },
    templateOf(path: string): string | null {
      return routes.find((route) => route.regex.test(path))?.template ?? null;
    },
  };
}

export type OpenApiChecker = ReturnType<typeof createOpenApiChecker>;

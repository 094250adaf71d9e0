/**
 * The HTTP side both cloud fakes share: a plain-HTTP server on 127.0.0.1:0 that checks every request
 * against the provider's OpenAPI subset (a request that fails gets the provider's 4xx error and is
 * recorded), refuses a wrong token, plays injected faults (429 with Retry-After or a reset header,
 * 5xx) and checks its own answers against the documented response schemas too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenApiChecker, type OpenApiSubset } from './openapi-check';

export interface RecordedCloudRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  operationId: string | null;
  /** What was wrong with the request against the OpenAPI subset; empty when it was valid. */
  violations: string[];
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by a route: the provider's documented error for this status. */
export class FakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RouteContext {
  operationId: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  baseUrl: string;
}

export interface ProviderProtocol {
  spec: OpenApiSubset;
  /** The provider's error body for a status and code. */
  errorBody(status: number, code: string, message: string): unknown;
  /** Status and code for a request that fails the OpenAPI check. */
  invalid: { status: number; code: string };
  /** Headers a 429 carries besides Retry-After, given the reset time (Unix seconds). */
  rateLimitHeaders(resetAt: number): Record<string, string>;
}

export interface RateLimitFault {
  times: number;
  /** Sent as Retry-After; without it only the provider's reset header says when to come back. */
  retryAfterSeconds?: number;
  resetInSeconds?: number;
}

export interface FakeHttp {
  url: string;
  requests: RecordedCloudRequest[];
  /** Every request violation, as "METHOD /path: problem"; a test asserts this is empty. */
  violations(): string[];
  /** Answers of the fake itself that do not match the description (a bug in the fake). */
  answerViolations: string[];
  rateLimitNext(fault: RateLimitFault): void;
  failNext(times: number, status?: number): void;
  close(): Promise<void>;
}

const headerValue = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(', ') : (value ?? '');

export async function startFakeHttp(
  protocol: ProviderProtocol,
  token: string,
  route: (context: RouteContext) => Promise<Answer>,
): Promise<FakeHttp> {
  const checker = createOpenApiChecker(protocol.spec);
  const requests: RecordedCloudRequest[] = [];
  const answerViolations: string[] = [];
  const faults = { rateLimit: [] as RateLimitFault[], failures: [] as number[] };
  let baseUrl = '';

  const takeRateLimit = (): Answer | null => {
    const fault = faults.rateLimit[0];
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) faults.rateLimit.shift();
    const resetAt = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? fault.retryAfterSeconds ?? 60);
    const headers = protocol.rateLimitHeaders(resetAt);
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    return {
      status: 429,
      headers,
      body: protocol.errorBody(429, 'rate_limit_exceeded', 'API rate limit exceeded.'),
    };
  };

  const answer = async (
    request: IncomingMessage,
    rawBody: string,
    record: RecordedCloudRequest,
  ): Promise<Answer> => {
    const url = new URL(request.url ?? '/', baseUrl);
    const path = url.pathname.startsWith(checker.basePath)
      ? url.pathname.slice(checker.basePath.length)
      : url.pathname;
    const checked = checker.check({
      method: record.method,
      path,
      query: url.searchParams,
      headers: request.headers,
      rawBody,
    });
    Object.assign(record, {
      operationId: checked.operationId,
      violations: checked.violations,
      body: checked.body ?? (rawBody || undefined),
    });
    if (checked.violations.length > 0 || !checked.operationId)
      throw new FakeApiError(protocol.invalid.status, protocol.invalid.code, checked.violations.join('; '));
    if (headerValue(request.headers.authorization) !== `Bearer ${token}`)
      throw new FakeApiError(401, 'unauthorized', 'Unable to authenticate you.');
    const limited = takeRateLimit();
    if (limited) return limited;
    const failure = faults.failures.shift();
    if (failure)
      throw new FakeApiError(failure, 'service_error', 'Server was unable to process the request.');
    const result = await route({
      operationId: checked.operationId,
      pathParams: checked.pathParams,
      query: url.searchParams,
      body: checked.body,
      baseUrl,
    });
    const template = checker.templateOf(path);
    if (template)
      answerViolations.push(...checker.checkResponse(template, record.method, result.status, result.body));
    return result;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', baseUrl);
    const record: RecordedCloudRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body: undefined,
      status: 0,
      operationId: null,
      violations: [],
    };
    requests.push(record);
    let result: Answer;
    try {
      result = await answer(request, Buffer.concat(chunks).toString('utf8'), record);
    } catch (error) {
      const failure =
        error instanceof FakeApiError ? error : new FakeApiError(500, 'server_error', String(error));
      result = {
        status: failure.status,
        body: protocol.errorBody(failure.status, failure.code, failure.message),
      };
    }
    record.status = result.status;
    const text = result.body === undefined ? '' : JSON.stringify(result.body);
    response.writeHead(result.status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...result.headers,
    });
    response.end(text);
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl + checker.basePath,
    requests,
    answerViolations,
    violations: () => requests.flatMap((r) => r.violations.map((v) => `${r.method} ${r.path}: ${v}`)),
    rateLimitNext: (fault) => faults.rateLimit.push({ ...fault }),
    failNext: (times, status = 500) => faults.failures.push(...Array.from({ length: times }, () => status)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

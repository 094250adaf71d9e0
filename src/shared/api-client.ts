import type { Api, Bridge, EventListener, EventName, MethodName, Unsubscribe } from './contract';
import { methodNames } from './contract';
import { AppError, appErrorDataSchema, type Result } from './result';

export type ApiClient = Api & {
  on: <E extends EventName>(event: E, listener: EventListener<E>) => Unsubscribe;
};

function unwrap(raw: unknown, method: MethodName): unknown {
  const result = raw as Result<unknown> | undefined;
  if (result && typeof result === 'object' && 'ok' in result) {
    if (result.ok) return result.value;
    const parsed = appErrorDataSchema.safeParse(result.error);
    if (parsed.success) throw AppError.fromData(parsed.data);
  }
  throw new AppError('internal', `The app answered ${method} with something it did not expect.`);
}

/** Turns a bridge of Result envelopes into an API that resolves values and throws AppError. */
export function createApiClient(bridge: Bridge): ApiClient {
  const client: Record<string, unknown> = {};
  for (const name of methodNames) {
    client[name] = async (input: unknown) => unwrap(await (bridge[name] as (i: unknown) => Promise<unknown>)(input), name);
  }
  client.on = (event: EventName, listener: (payload: unknown) => void) => bridge.on(event, listener);
  return client as ApiClient;
}

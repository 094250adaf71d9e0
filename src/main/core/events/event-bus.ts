import {
  events as eventSchemas,
  type EventName,
  type EventPayload,
  type Unsubscribe,
} from '@shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/** The core's push channel: services emit typed events, transports forward them to every renderer. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  onAny(listener: AnyEventListener): Unsubscribe;
}

export interface EventBusOptions {
  onListenerError?: (error: unknown) => void;
  /**
   * Parse every payload against its contract schema before anyone hears it, as development and
   * tests do: the types let a cast or a stray field through, the renderer would then hold data its
   * schema never allowed. A payload that does not match throws, naming the event, at the emitter.
   */
  validatePayloads?: boolean;
  /** Told of every invalid payload before the throw, so the log has it even where a caller swallows errors. */
  onInvalidPayload?: (error: InvalidEventError) => void;
}

/** Thrown by `emit` when validation is on and a payload does not match its event's schema. */
export class InvalidEventError extends Error {
  constructor(
    readonly event: EventName,
    readonly issues: string[],
  ) {
    super(`Event ${event} does not match its contract: ${issues.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

function invalidPayload(event: EventName, payload: unknown): InvalidEventError | null {
  const parsed = eventSchemas[event].safeParse(payload);
  if (parsed.success) return null;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`);
  return new InvalidEventError(event, issues);
}

export function createEventBus(options: EventBusOptions = {}): EventBus {
  const { onListenerError = () => undefined, validatePayloads = false, onInvalidPayload } = options;
  const listeners = new Set<AnyEventListener>();
  return {
    emit(event, payload) {
      const invalid = validatePayloads ? invalidPayload(event, payload) : null;
      if (invalid) {
        onInvalidPayload?.(invalid);
        throw invalid;
      }
      for (const listener of [...listeners]) {
        try {
          listener(event, payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    on(event, listener) {
      const wrapped: AnyEventListener = (name, payload) => {
        if (name === event) listener(payload as EventPayload<typeof event>);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

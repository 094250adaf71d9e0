import type { EventName, EventPayload, Unsubscribe } from '@shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/** The core's push channel: services emit typed events, transports forward them to every renderer. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  onAny(listener: AnyEventListener): Unsubscribe;
}

export function createEventBus(onListenerError: (error: unknown) => void = () => undefined): EventBus {
  const listeners = new Set<AnyEventListener>();
  return {
    emit(event, payload) {
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

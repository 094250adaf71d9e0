/**
 * Browser mode's HTTP calls carry an id, the same on every try of one call, so the host can answer a
 * call the page repeats after a dropped connection from its first run instead of running it twice.
 */
export const CALL_ID_HEADER = 'x-hoster-call';

const CALL_ID = /^[0-9a-f]{32}$/;

export const isCallId = (value: unknown): value is string => typeof value === 'string' && CALL_ID.test(value);

/** 128 random bits in hex; `crypto.getRandomValues` works outside secure contexts too, unlike randomUUID. */
export function newCallId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

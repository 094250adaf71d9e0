/**
 * What the Docker engine said about a failed request, without dockerode's wrapping
 * ("(HTTP code 500) server error - …"): the engine's own message, as a user can act on it.
 */
export function engineReason(error: unknown): string {
  const raw = error as { json?: { message?: unknown } | null; message?: unknown } | null;
  const message = raw?.json?.message ?? raw?.message;
  if (typeof message !== 'string') return String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** Whether the engine failed because a registry wants a login, or refused the one it was given. */
export function isRegistryLoginRefused(error: unknown): boolean {
  if ((error as { statusCode?: number } | null)?.statusCode === 401) return true;
  return /unauthori[sz]ed|no basic auth credentials|authentication required|incorrect username or password|denied/i.test(
    engineReason(error),
  );
}

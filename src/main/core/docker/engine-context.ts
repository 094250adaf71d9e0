import type Docker from 'dockerode';

/** What every long engine step is given: a way to stop it, and a way to say how far it got. */
export interface EngineContext {
  signal: AbortSignal;
  step: (step: string, fraction?: number, detail?: string) => void;
  /** Registry credentials for an image's registry, from the keychain, when it needs them. */
  registryAuth?: (image: string) => Promise<Docker.AuthConfig | undefined>;
}

/** The HTTP status of an engine's error answer (404 for a missing container or image). */
export const statusOf = (error: unknown): number | undefined =>
  (error as { statusCode?: number } | null)?.statusCode;

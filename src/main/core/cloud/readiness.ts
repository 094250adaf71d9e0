import type { Client, ParsedKey } from 'ssh2';
import { AppError, isAppError } from '@shared/result';
import { connectSsh } from '../ssh/ssh-connect';
import { pause } from './providers/http';
import type { CloudProvider, ProviderServer } from './providers/provider';

export interface ReadinessTimings {
  /** Between two looks at the provider or the server. */
  pollMs: number;
  /** From the create request to Docker answering; past it the server is deleted. */
  readyTimeoutMs: number;
}

export const defaultReadinessTimings: ReadinessTimings = { pollMs: 5_000, readyTimeoutMs: 15 * 60_000 };


const notReady = (what: string, last: string | null) =>
  new AppError('timeout', `The server did not ${what} in time${last ? ` (last: ${last})` : ''}.`);

/** Until the provider says the server runs and has a public IPv4 address. */
export async function waitForBoot(
  parts: { provider: CloudProvider; token: string; serverId: string; timings: ReadinessTimings; deadline: number },
  signal: AbortSignal,
): Promise<ProviderServer & { ipv4: string }> {
  for (;;) {
    const server = await parts.provider.getServer(parts.token, parts.serverId, signal);
    if (!server) throw new AppError('not_found', `${parts.provider.name} no longer has the server (it was deleted there).`);
    if (server.status === 'running' && server.ipv4) return { ...server, ipv4: server.ipv4 };
    if (Date.now() >= parts.deadline) throw notReady(`boot at ${parts.provider.name}`, `status ${server.status}`);
    await pause(parts.timings.pollMs, signal);
  }
}

/**
 * Until root logs in with the user's key on a server presenting exactly the host key the app gave it.
 * A different key is never logged in to (the check is in the key exchange); it is waited past, since
 * sshd may answer with an image's own key for a moment before cloud-init replaces it.
 */
export async function waitForSsh(
  parts: { host: string; key: ParsedKey; fingerprint: string; timings: ReadinessTimings; deadline: number },
  signal: AbortSignal,
): Promise<Client> {
  for (;;) {
    let last: AppError;
    try {
      return await connectSsh(
        { host: parts.host, port: 22, user: 'root', auth: { type: 'key', key: parts.key }, pinnedFingerprint: parts.fingerprint },
        { timings: { readyTimeoutMs: Math.min(15_000, parts.timings.readyTimeoutMs), keepaliveIntervalMs: 5_000, keepaliveCountMax: 3 } },
      );
    } catch (error) {
      last = isAppError(error) ? error : new AppError('unavailable', String(error));
    }
    if (Date.now() >= parts.deadline) {
      if (last.code === 'host_key_mismatch') {
        throw new AppError('host_key_mismatch', `${parts.host} answered only with a host key the app did not give it, so the app never logged in. ${last.message}`);
      }
      throw notReady('answer SSH with its pinned host key', last.message);
    }
    await pause(parts.timings.pollMs, signal);
  }
}

interface ExecOutcome {
  code: number | null;
  stdout: string;
}

function execOnce(client: Client, command: string, signal: AbortSignal): Promise<ExecOutcome> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let stdout = '';
      const onAbort = () => channel.close();
      signal.addEventListener('abort', onAbort, { once: true });
      channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      channel.stderr.resume();
      channel.on('close', (code: number | null) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) reject(signal.reason as Error);
        else resolve({ code, stdout });
      });
    });
  });
}

/** Until cloud-init's Docker answers: `docker version` reads the engine's version through its socket. */
export async function waitForDocker(
  parts: { client: Client; timings: ReadinessTimings; deadline: number },
  signal: AbortSignal,
): Promise<string> {
  for (;;) {
    let last: string;
    try {
      const result = await execOnce(parts.client, "docker version --format '{{.Server.Version}}'", signal);
      const version = result.stdout.trim();
      if (result.code === 0 && version) return version;
      last = result.code === 127 ? 'Docker is not installed yet' : `docker version exited ${String(result.code)}`;
    } catch (error) {
      // A session refused while the server is still booting is waited past like any other not-yet.
      if (signal.aborted) throw error;
      last = `the command could not run (${error instanceof Error ? error.message : String(error)})`;
    }
    if (Date.now() >= parts.deadline) throw notReady('start Docker', last);
    await pause(parts.timings.pollMs, signal);
  }
}

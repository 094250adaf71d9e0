import { AppError, isAppError } from '@shared/result';
import { engineReason } from '../docker/engine-reason';

export interface SshErrorContext {
  host: string;
  port: number;
  user: string;
  auth: 'key' | 'agent';
  readyTimeoutMs: number;
  /** Set when the connection went through a jump host. */
  via?: string | undefined;
}

interface RawError {
  message: string;
  code?: unknown;
  level?: unknown;
  reason?: unknown;
}

const asRaw = (error: unknown): RawError => {
  if (error instanceof Error) return error;
  return { message: String(error) };
};

/**
 * Turns what ssh2 or the socket threw into an error a user can act on. Host key verdicts are made
 * by our verifier and arrive here already as AppError; everything else is recognised by the socket
 * error code or ssh2's `level`.
 */
export function classifySshError(error: unknown, context: SshErrorContext): AppError {
  if (isAppError(error)) return error;
  const raw = asRaw(error);
  const where = `${context.host}:${context.port}`;
  const through = context.via ? ` (through the jump host ${context.via})` : '';
  const code = typeof raw.code === 'string' ? raw.code : undefined;
  const cause = { cause: error, details: { host: context.host, port: context.port } };

  if (raw.level === 'client-authentication') {
    const advice =
      context.auth === 'agent'
        ? `None of the keys in your ssh-agent were accepted for ${context.user}@${where}. Load the right key with ssh-add, or choose a stored key for this node.`
        : `The server at ${where} refused the key for the user ${context.user}. Add the key's public line (Keys page, "Copy public key") to ~${context.user}/.ssh/authorized_keys on the server, or choose another key or user.`;
    return new AppError('auth_failed', advice, cause);
  }
  if (raw.level === 'client-timeout' || code === 'ETIMEDOUT') {
    if (/keepalive/i.test(raw.message)) {
      return new AppError('timeout', `${where} stopped answering: the SSH connection got no reply to its keepalives. The server may be frozen or the network down.`, cause);
    }
    return new AppError(
      'timeout',
      `${where}${through} did not complete the SSH handshake within ${Math.round(context.readyTimeoutMs / 1000)} s. Check that the server is running and that no firewall drops port ${context.port}.`,
      cause,
    );
  }
  if (raw.level === 'client-dns' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError('host_unreachable', `The name ${context.host} does not resolve. Check the spelling, or use the server's IP address.`, cause);
  }
  if (code === 'ECONNREFUSED') {
    return new AppError('host_unreachable', `Nothing accepts connections at ${where}${through}. Check the address and port, and that sshd is running on the server.`, cause);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new AppError('host_unreachable', `${where} cannot be reached from this computer (no route). Check the address, your network or VPN, and the server's firewall.`, cause);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /before handshake|connection lost/i.test(raw.message)) {
    return new AppError('host_unreachable', `${where}${through} closed the connection before SSH could start. Check that this port runs sshd and that it accepts connections from this computer.`, cause);
  }
  if (/channel open failure/i.test(raw.message) && context.via) {
    return new AppError('host_unreachable', `The jump host ${context.via} could not open a connection to ${where}. Check the address from the jump host's side, and that it allows TCP forwarding.`, cause);
  }
  if (raw.level === 'handshake' || raw.level === 'protocol') {
    return new AppError('host_unreachable', `The SSH handshake with ${where} failed: ${raw.message}. The server may offer only algorithms this app refuses as weak (SHA-1, CBC ciphers, ssh-rsa signatures); OpenSSH 7.4 or later offers ones it accepts.`, cause);
  }
  return new AppError('host_unreachable', `Could not connect to ${where}${through}: ${raw.message}.`, cause);
}

/** Why the Docker socket could not be opened over SSH, in words that say what to change on the node. */
export function classifyDockerChannelError(error: unknown, context: { socket: string; user: string; host: string }): AppError {
  if (isAppError(error)) return error;
  const raw = asRaw(error);
  const reason = `${raw.message} ${typeof raw.reason === 'string' ? raw.reason : ''}`;
  if (/prohibited/i.test(reason)) {
    return new AppError(
      'docker_unavailable',
      `${context.host} does not allow forwarding to its Docker socket. Set "AllowStreamLocalForwarding yes" in /etc/ssh/sshd_config on the server and restart sshd.`,
      { cause: error },
    );
  }
  if (/channel open failure|connect failed|open failed/i.test(reason)) {
    return new AppError(
      'docker_unavailable',
      `Docker is not reachable at ${context.socket} on ${context.host}: it is not installed, not running, or ${context.user} may not use its socket. ` +
        `Install and start Docker (systemctl start docker), or add ${context.user} to the docker group (usermod -aG docker ${context.user}), or fix the socket path in the node's settings.`,
      { cause: error },
    );
  }
  return classifyDockerError(error, context);
}

/** A failure talking to the Docker API itself (HTTP error, socket error on the local machine). */
export function classifyDockerError(error: unknown, context: { socket: string; user?: string; host: string }): AppError {
  if (isAppError(error)) return error;
  const raw = asRaw(error) as RawError & { statusCode?: unknown; json?: unknown };
  const code = typeof raw.code === 'string' ? raw.code : undefined;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new AppError('docker_unavailable', `No Docker engine answers at ${context.socket} on ${context.host}. Install Docker or start it (systemctl start docker).`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || raw.statusCode === 403) {
    return new AppError(
      'docker_unavailable',
      `${context.user ?? 'This user'} may not use the Docker socket ${context.socket} on ${context.host}. Add the user to the docker group, then reconnect.`,
      { cause: error },
    );
  }
  const status = typeof raw.statusCode === 'number' ? ` (HTTP ${raw.statusCode})` : '';
  return new AppError('docker_unavailable', `The Docker engine on ${context.host} answered with an error${status}: ${engineReason(error)}`, { cause: error });
}

import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { classifyDockerChannelError, classifySshError } from './classify-error';

const context = { host: '203.0.113.5', port: 22, user: 'deploy', auth: 'key' as const, readyTimeoutMs: 15_000 };
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code, level: 'client-socket' });

describe('classifySshError', () => {
  it('names a refused port and says to check sshd', () => {
    const error = classifySshError(socketError('ECONNREFUSED'), context);
    expect(error.code).toBe('host_unreachable');
    expect(error.message).toMatch(/203\.0\.113\.5:22.*sshd is running/);
  });

  it('tells a handshake timeout from a keepalive timeout', () => {
    const handshake = classifySshError(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), context);
    expect(handshake.code).toBe('timeout');
    expect(handshake.message).toMatch(/within 15 s/);
    const keepalive = classifySshError(Object.assign(new Error('Keepalive timeout'), { level: 'client-timeout' }), context);
    expect(keepalive.message).toMatch(/stopped answering/);
  });

  it('says where the public key must go when the key is refused, and mentions ssh-add for the agent', () => {
    const refused = Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' });
    expect(classifySshError(refused, context)).toMatchObject({ code: 'auth_failed', message: expect.stringMatching(/authorized_keys/) as unknown });
    expect(classifySshError(refused, { ...context, auth: 'agent' }).message).toMatch(/ssh-add/);
  });

  it('passes our own host key verdicts through unchanged', () => {
    const verdict = new AppError('host_key_mismatch', 'changed');
    expect(classifySshError(verdict, context)).toBe(verdict);
  });

  it('says a failed algorithm negotiation may be a server offering only weak algorithms', () => {
    const noMatch = Object.assign(new Error('Handshake failed: no matching host key format'), { level: 'handshake' });
    expect(classifySshError(noMatch, context).message).toMatch(/no matching host key format.*refuses as weak \(SHA-1, CBC ciphers, ssh-rsa signatures\)/);
  });

  it('classifies unknown names and missing routes as unreachable', () => {
    expect(classifySshError(socketError('ENOTFOUND'), context).message).toMatch(/does not resolve/);
    expect(classifySshError(socketError('EHOSTUNREACH'), context).message).toMatch(/no route/);
  });
});

describe('classifyDockerChannelError', () => {
  const docker = { socket: '/var/run/docker.sock', user: 'deploy', host: 'web1' };

  it('explains a refused stream-local forward', () => {
    const error = classifyDockerChannelError(Object.assign(new Error('(SSH) Channel open failure: administratively prohibited'), { reason: 1 }), docker);
    expect(error.code).toBe('docker_unavailable');
    expect(error.message).toMatch(/AllowStreamLocalForwarding yes/);
  });

  it('explains a socket nobody listens on: install, start, or join the docker group', () => {
    const error = classifyDockerChannelError(new Error('(SSH) Channel open failure: open failed'), docker);
    expect(error.code).toBe('docker_unavailable');
    expect(error.message).toMatch(/usermod -aG docker deploy/);
  });
});

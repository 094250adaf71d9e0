import { connect, type PeerCertificate } from 'node:tls';
import type { Certificate } from '@shared/contract/domains';

const HANDSHAKE_MS = 5000;

const nameOf = (part: PeerCertificate['issuer'] | undefined): string =>
  [part?.CN, part?.O].filter((value): value is string => typeof value === 'string' && value !== '').join(', ');

/** Whether a certificate's names cover `hostname` (exactly, or by a wildcard one level down). */
export function covers(altNames: string, hostname: string): boolean {
  return altNames
    .split(',')
    .map((entry) => entry.trim().replace(/^DNS:/, '').toLowerCase())
    .some((name) => name === hostname || (name.startsWith('*.') && hostname.slice(hostname.indexOf('.')) === name.slice(1)));
}

/**
 * The certificate the proxy serves for `hostname`, read by a TLS handshake (with that name) to
 * `port` on this computer, a forward to the proxy on the node. Null when the proxy has none for the
 * name yet (the handshake fails, or it answers with a certificate for other names).
 */
export function servedCertificate(port: number, hostname: string, now: () => Date): Promise<Certificate | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: hostname, rejectUnauthorized: false });
    const done = (certificate: Certificate | null) => {
      socket.destroy();
      resolve(certificate);
    };
    socket.setTimeout(HANDSHAKE_MS, () => done(null));
    socket.once('error', () => done(null));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      if (!peer.valid_to || !covers(peer.subjectaltname ?? '', hostname)) {
        done(null);
        return;
      }
      done({
        issuer: nameOf(peer.issuer) || 'unknown issuer',
        subject: nameOf(peer.subject) || hostname,
        notAfter: new Date(peer.valid_to).toISOString(),
        checkedAt: now().toISOString(),
      });
    });
  });
}

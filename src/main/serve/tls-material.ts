import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { AppError } from '@shared/result';
import { PRIVATE_FILE_MODE, restrictToOwner, securePrivateFolder } from '../core/db/data-folder';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, colon-separated hex, as browsers show it in the certificate viewer. */
  fingerprint: string;
}

export interface SelfSignedMaterial extends TlsMaterial {
  certFile: string;
  /** False when the pair kept from an earlier start was reused, so the fingerprint is the one seen before. */
  isNew: boolean;
}

export const SELF_SIGNED_CERT_FILE = 'serve-tls-cert.pem';
export const SELF_SIGNED_KEY_FILE = 'serve-tls-key.pem';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
// Safari refuses server certificates valid for longer, even ones the user chose to trust.
const SELF_SIGNED_VALID_DAYS = 825;

interface KeptPair {
  cert: string;
  key: string;
  x509: X509Certificate;
}

function parsePair(cert: string, key: string): KeptPair | undefined {
  const x509 = new X509Certificate(cert);
  return x509.checkPrivateKey(createPrivateKey(key)) ? { cert, key, x509 } : undefined;
}

/** Your own certificate (`--tls-cert`, `--tls-key`), checked before the core starts so a typo fails at once. */
export function readTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  let pair: KeptPair | undefined;
  try {
    pair = parsePair(readFileSync(certFile, 'utf8'), readFileSync(keyFile, 'utf8'));
  } catch (error) {
    throw new AppError(
      'invalid_input',
      `Cannot use --tls-cert ${certFile} --tls-key ${keyFile}: ${(error as Error).message}. Give a PEM certificate and its PEM private key.`,
    );
  }
  if (!pair)
    throw new AppError(
      'invalid_input',
      `--tls-key ${keyFile} is not the private key of --tls-cert ${certFile}.`,
    );
  return { cert: pair.cert, key: pair.key, fingerprint: pair.x509.fingerprint256 };
}

const coversName = (x509: X509Certificate, name: string) =>
  (isIP(name) === 0 ? x509.checkHost(name) : x509.checkIP(name)) !== undefined;

function readKeptPair(certFile: string, keyFile: string): KeptPair | undefined {
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  try {
    return parsePair(readFileSync(certFile, 'utf8'), readFileSync(keyFile, 'utf8'));
  } catch {
    // A damaged or half-written pair is only ever our own output: making a new one is the repair.
    return undefined;
  }
}

/**
 * `--tls self-signed`: a pair kept in the data folder, so the fingerprint the user checked in the
 * browser stays the same across restarts. A new pair is made only when there is none, when it no
 * longer names every host the browser may use, or when it has expired.
 */
export async function loadOrMakeSelfSigned(
  dataDir: string,
  names: readonly string[],
  now: Date = new Date(),
): Promise<SelfSignedMaterial> {
  const certFile = join(dataDir, SELF_SIGNED_CERT_FILE);
  const keyFile = join(dataDir, SELF_SIGNED_KEY_FILE);
  const wanted = [...new Set([...LOOPBACK_NAMES, ...names])];
  securePrivateFolder(dataDir, [SELF_SIGNED_KEY_FILE]);

  const kept = readKeptPair(certFile, keyFile);
  if (kept && new Date(kept.x509.validTo) > now && wanted.every((name) => coversName(kept.x509, name))) {
    return { cert: kept.cert, key: kept.key, fingerprint: kept.x509.fingerprint256, certFile, isNew: false };
  }

  const notAfterDate = new Date(now.getTime() + SELF_SIGNED_VALID_DAYS * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: wanted.map((name) => (isIP(name) === 0 ? { type: 2, value: name } : { type: 7, ip: name })),
      },
    ],
  });
  // The key first: a start cut short between the two writes leaves a mismatched pair, which is remade.
  writeFileSync(keyFile, pems.private, { mode: PRIVATE_FILE_MODE });
  restrictToOwner(keyFile, PRIVATE_FILE_MODE);
  writeFileSync(certFile, pems.cert);
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
    certFile,
    isNew: true,
  };
}

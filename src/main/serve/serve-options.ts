import { isIP, isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import { AppError } from '@shared/result';
import { defaultDataDir } from '../core/paths';

export type TlsChoice = { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' };

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  /** Names (DNS or IP, IPv6 without brackets) besides the loopback ones that the Host header may carry. */
  publicHosts: string[];
  tls: TlsChoice | undefined;
  isInsecure: boolean;
  token: string | undefined;
}

/** 32 hex characters are 128 bits; a token anyone on the network can guess at must not be shorter. */
export const MIN_EXPOSED_TOKEN_LENGTH = 32;

export const usage = `Usage: npm run serve -- [--host 127.0.0.1] [--port 0] [--data-dir DIR]
                        [--public-host NAME]... [--tls self-signed | --tls-cert FILE --tls-key FILE | --insecure]

Runs Hoster Desktop in a browser: the same core as the desktop app behind a local web server.
Open the printed URL; it carries a random token that every request needs.
  --host         address to listen on (default 127.0.0.1). Any address outside 127.0.0.0/8, ::1 and
                 localhost needs --tls self-signed, --tls-cert/--tls-key or --insecure.
  --port         port to listen on (default 0: a free port)
  --data-dir     where the database and settings live (default: the desktop app's data folder)
  --public-host  a name or address the browser will use to reach this host, besides the loopback
                 ones; repeat it or separate names with commas. Requests for any other name are refused.
  --tls self-signed
                 serve HTTPS with a certificate made once and kept in the data folder; the SHA-256
                 fingerprint is printed at every start so you can compare it with the browser's
  --tls-cert, --tls-key
                 serve HTTPS with your own certificate and key (PEM files)
  --insecure     serve plain HTTP off loopback anyway: the token, pasted private keys, the vault
                 passphrase and the Stripe key cross the network readable by anyone on the path
Environment: HOSTER_TOKEN fixes the token (at least ${MIN_EXPOSED_TOKEN_LENGTH} characters off loopback),
HOSTER_KEYRING_SERVICE the keychain service name.`;

export const insecureWarning = (host: string) => `
!!! WARNING: --insecure: serving PLAIN HTTP on ${host}. !!!
The token, private keys you paste, the vault passphrase and the Stripe key cross the network
unencrypted: anyone who can see the traffic can read them and take over this host and your servers.
Use --tls self-signed or --tls-cert FILE --tls-key FILE instead.
`;

export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));

/** An address that listens on every interface, so no single name of it is the one browsers will use. */
export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '';

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function parsePublicHosts(values: readonly string[]): string[] {
  const names = values
    .flatMap((value) => value.split(','))
    .map((name) =>
      name
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1'),
    )
    .filter((name) => name !== '');
  for (const name of names) {
    if (isIP(name) === 0 && !DNS_NAME.test(name)) {
      throw new AppError(
        'invalid_input',
        `--public-host ${name}: give a host name or an IP address, without a scheme or a port.`,
      );
    }
  }
  return [...new Set(names)];
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('invalid_input', `--port ${value}: give a whole number from 0 to 65535.`);
  }
  return port;
}

function parseTls(values: { tls?: string; 'tls-cert'?: string; 'tls-key'?: string }): TlsChoice | undefined {
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if (values.tls !== undefined) {
    if (values.tls !== 'self-signed') {
      throw new AppError('invalid_input', `--tls ${values.tls}: the only value is "self-signed".`);
    }
    if (certFile !== undefined || keyFile !== undefined) {
      throw new AppError(
        'invalid_input',
        'Give either --tls self-signed or --tls-cert and --tls-key, not both.',
      );
    }
    return { kind: 'self-signed' };
  }
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new AppError('invalid_input', '--tls-cert and --tls-key go together: give both files.');
  }
  return { kind: 'files', certFile, keyFile };
}

/**
 * Reads `npm run serve` arguments into what the host needs, or explains why it must not start.
 * Off loopback the choice between TLS and plain HTTP must be explicit, because everything the UI
 * sends — the token, pasted private keys, the vault passphrase, the Stripe key — crosses the network.
 */
export function parseServeOptions(args: string[], env: NodeJS.ProcessEnv): ServeOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        'public-host': { type: 'string', multiple: true, default: [] },
        tls: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new AppError('invalid_input', `${(error as Error).message}\n\n${usage}`);
  }
  if (values.help) return 'help';

  const host = values.host;
  const tls = parseTls(values);
  if (tls && values.insecure) {
    throw new AppError(
      'invalid_input',
      '--insecure turns TLS off; give it without --tls, --tls-cert or --tls-key.',
    );
  }
  const isExposed = !isLoopbackHost(host);
  if (isExposed && !tls && !values.insecure) {
    throw new AppError(
      'invalid_input',
      `Refusing to listen on ${host} without TLS: the token, pasted private keys, the vault passphrase and
the Stripe key would cross the network in clear. Start it with one of:
  --tls self-signed                make a certificate once, keep it in the data folder, print its fingerprint
  --tls-cert FILE --tls-key FILE   use your own certificate and key (PEM)
  --insecure                       plain HTTP anyway, only on a network you fully trust
and add --public-host NAME for each name or address you will type in the browser.`,
    );
  }
  const token = env.HOSTER_TOKEN;
  if (isExposed && token !== undefined && token.length < MIN_EXPOSED_TOKEN_LENGTH) {
    throw new AppError(
      'invalid_input',
      `HOSTER_TOKEN is ${token.length} characters; off loopback it must be at least ${MIN_EXPOSED_TOKEN_LENGTH} random ones (or leave it unset for a generated one).`,
    );
  }
  return {
    host,
    port: parsePort(values.port),
    dataDir: values['data-dir'] ?? defaultDataDir(env),
    publicHosts: parsePublicHosts(values['public-host']),
    tls,
    isInsecure: values.insecure,
    token,
  };
}

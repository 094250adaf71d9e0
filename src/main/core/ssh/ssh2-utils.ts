import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

// ssh2 is CommonJS and builds `utils` with an object spread, which Node's ESM loader cannot detect
// as a named export: `import { utils } from 'ssh2'` fails outside a bundler. require() sees it.
const ssh2 = load('ssh2') as typeof import('ssh2');

export const sshUtils = ssh2.utils;

export interface Ssh2SupportedAlgorithms {
  kex: readonly string[];
  cipher: readonly string[];
  serverHostKey: readonly string[];
  hmac: readonly string[];
}

interface Ssh2Constants {
  SUPPORTED_KEX: string[];
  SUPPORTED_CIPHER: string[];
  SUPPORTED_SERVER_HOST_KEY: string[];
  SUPPORTED_MAC: string[];
}

// ssh2 builds these lists at load from what node:crypto offers, and checks every `algorithms` entry
// against them; they are not exported from the package root.
const constants = load('ssh2/lib/protocol/constants.js') as Ssh2Constants;

/** What ssh2 accepts in `algorithms` in this runtime. */
export const ssh2Supported: Ssh2SupportedAlgorithms = {
  kex: constants.SUPPORTED_KEX,
  cipher: constants.SUPPORTED_CIPHER,
  serverHostKey: constants.SUPPORTED_SERVER_HOST_KEY,
  hmac: constants.SUPPORTED_MAC,
};

import { createRequire } from 'node:module';

// ssh2 is CommonJS and builds `utils` with an object spread, which Node's ESM loader cannot detect
// as a named export: `import { utils } from 'ssh2'` fails outside a bundler. require() sees it.
const ssh2 = createRequire(import.meta.url)('ssh2') as typeof import('ssh2');

export const sshUtils = ssh2.utils;

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@shared/result';
import { createCore } from '../core/create-core';
import { createConsoleLogger } from '../core/logger';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import { createJsonFileSettingsStore } from '../core/settings/settings-store';
import { APP_VERSION } from '../core/version';
import { startBrowserHost } from './browser-host';
import {
  insecureWarning,
  isLoopbackHost,
  isWildcardHost,
  parseServeOptions,
  usage,
  type ServeOptions,
} from './serve-options';
import { loadOrMakeSelfSigned, readTlsFiles, type TlsMaterial } from './tls-material';

/** Reads or makes the certificate before anything starts, and says where it came from. */
async function tlsMaterial(
  options: ServeOptions,
): Promise<{ material: TlsMaterial; source: string } | undefined> {
  if (!options.tls) return undefined;
  if (options.tls.kind === 'files') {
    return {
      material: readTlsFiles(options.tls.certFile, options.tls.keyFile),
      source: options.tls.certFile,
    };
  }
  const names = [...(isWildcardHost(options.host) ? [] : [options.host]), ...options.publicHosts];
  const material = await loadOrMakeSelfSigned(options.dataDir, names);
  const made = material.isNew ? 'made now' : 'the same as at the last start';
  return { material, source: `self-signed, ${made}, kept in ${material.certFile}` };
}

async function main() {
  const options = parseServeOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(usage);
    return;
  }
  if (options.isInsecure && !isLoopbackHost(options.host)) console.error(insecureWarning(options.host));
  const tls = await tlsMaterial(options);

  const logger = createConsoleLogger();
  const core = createCore({
    dataDir: options.dataDir,
    appVersion: APP_VERSION,
    mode: 'browser',
    settingsStore: createJsonFileSettingsStore(join(options.dataDir, 'settings.json')),
    secrets: createKeyringSecretStore(process.env.HOSTER_KEYRING_SERVICE ?? 'hoster-desktop'),
    logger,
    // out/main/serve.js → the repository's resources/ folder.
    resourcesDir: join(dirname(fileURLToPath(import.meta.url)), '../../resources'),
  });
  const host = await startBrowserHost({
    core,
    rendererDir: join(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    logger,
    host: options.host,
    port: options.port,
    token: options.token,
    tls: tls?.material,
    publicHosts: options.publicHosts,
  });
  core.start();
  console.log(`Hoster Desktop (browser mode) is running at ${host.url}`);
  if (tls) {
    console.log(`TLS certificate SHA-256 fingerprint: ${tls.material.fingerprint}`);
    console.log(`  (${tls.source}; compare it with the one the browser shows before you trust the page)`);
  }

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof AppError ? error.message : error);
  process.exit(1);
});

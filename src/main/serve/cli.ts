import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '@shared/result';
import { createCore } from '../core/create-core';
import { createConsoleLogger } from '../core/logger';
import { defaultDataDir } from '../core/paths';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import { createJsonFileSettingsStore } from '../core/settings/settings-store';
import { APP_VERSION } from '../core/version';
import { startBrowserHost } from './browser-host';

const usage = `Usage: npm run serve -- [--host 127.0.0.1] [--port 0] [--data-dir DIR]

Runs Hoster Desktop in a browser: the same core as the desktop app behind a local web server.
Open the printed URL; it carries a random token that every request needs.
  --host      address to listen on (default 127.0.0.1; anything else still needs the token)
  --port      port to listen on (default 0: a free port)
  --data-dir  where the database and settings live (default: the desktop app's data folder)
Environment: HOSTER_TOKEN fixes the token, HOSTER_KEYRING_SERVICE the keychain service name.`;

async function main() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const logger = createConsoleLogger();
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const core = createCore({
    dataDir,
    appVersion: APP_VERSION,
    mode: 'browser',
    settingsStore: createJsonFileSettingsStore(join(dataDir, 'settings.json')),
    secrets: createKeyringSecretStore(process.env.HOSTER_KEYRING_SERVICE ?? 'hoster-desktop'),
    logger,
    // out/main/serve.js → the repository's resources/ folder.
    resourcesDir: join(dirname(fileURLToPath(import.meta.url)), '../../resources'),
  });
  const host = await startBrowserHost({
    core,
    rendererDir: join(dirname(fileURLToPath(import.meta.url)), '../renderer'),
    logger,
    host: values.host,
    port: Number(values.port),
    token: process.env.HOSTER_TOKEN,
  });
  core.start();
  console.log(`Hoster Desktop (browser mode) is running at ${host.url}`);

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

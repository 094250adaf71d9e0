import { statSync } from 'node:fs';
import type { SystemInfo } from '@shared/contract/system';
import type { SecretStore } from '../secrets/secret-store';

export function createSystemService(deps: {
  appVersion: string;
  mode: SystemInfo['mode'];
  dataDir: string;
  databaseFile: string;
  schemaVersion: () => number;
  secrets: SecretStore;
}) {
  const fileSize = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  return {
    async info(): Promise<SystemInfo> {
      return {
        appVersion: deps.appVersion,
        mode: deps.mode,
        platform: process.platform,
        dataDir: deps.dataDir,
        databaseFile: deps.databaseFile,
        // The WAL holds committed pages not yet folded into the main file, so both count.
        databaseBytes: fileSize(deps.databaseFile) + fileSize(`${deps.databaseFile}-wal`),
        schemaVersion: deps.schemaVersion(),
        keychain: await deps.secrets.status(),
      };
    },
  };
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where settings are kept: electron-store on the desktop, a JSON file in browser mode. */
export interface SettingsStore {
  read(): unknown;
  write(value: unknown): void;
}

export function createJsonFileSettingsStore(file: string): SettingsStore {
  return {
    read() {
      if (!existsSync(file)) return {};
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as unknown;
      } catch {
        // A damaged file must not keep the app from starting; defaults apply and the next save rewrites it.
        return {};
      }
    },
    write(value) {
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
      renameSync(temporary, file);
    },
  };
}

export function createMemorySettingsStore(initial: unknown = {}): SettingsStore {
  let value = initial;
  return { read: () => value, write: (next) => (value = next) };
}

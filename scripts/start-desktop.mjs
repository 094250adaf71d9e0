// `npm start`: build, give better-sqlite3 a build for Electron's ABI in a folder of its own, then launch.
// node_modules keeps the Node build, so `npm test` never breaks after running the desktop app.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const stage = join(root, '.electron-native', `electron-${electronVersion}`);
const binding = join(stage, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', cwd: root, ...options });

run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);

if (!existsSync(binding)) {
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
  mkdirSync(join(stage, 'node_modules'), { recursive: true });
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(stage, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`),
  });
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: stage, electronVersion, onlyModules: ['better-sqlite3'], force: true });
}

const electron = require('electron');
run(electron, ['.'], { env: { ...process.env, HOSTER_SQLITE_BINDING: binding } });

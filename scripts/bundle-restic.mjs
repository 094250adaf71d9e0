// Copies restic into resources/bin before packaging, so a packaged app carries its own backup
// engine (electron-builder ships resources/ as extraResources; the core looks in resources/bin
// before the PATH). Which restic: $RESTIC_BINARY (e.g. one downloaded for another platform from
// https://github.com/restic/restic/releases), else the one on this machine's PATH. Without either,
// packaging goes on and the app asks its user to install restic.
import { copyFileSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.platform === 'win32' ? 'restic.exe' : 'restic';
const fromPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, name))
  .find((candidate) => existsSync(candidate));
const source = process.env.RESTIC_BINARY || fromPath;

if (!source) {
  console.warn('bundle-restic: no restic found ($RESTIC_BINARY or PATH); the package will ask its user to install it.');
} else {
  const target = join(root, 'resources', 'bin', source.endsWith('.exe') ? 'restic.exe' : 'restic');
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  chmodSync(target, 0o755);
  console.log(`bundle-restic: ${source} -> ${target}`);
}

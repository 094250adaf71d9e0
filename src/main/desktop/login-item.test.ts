import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { applyStartAtLogin, type LoginItemHost } from './login-item';

const dir = makeTempDir('hoster-autostart-');
afterAll(() => dir.remove());

const host = (platform: NodeJS.Platform, calls: unknown[] = []): LoginItemHost => ({
  platform,
  executable: '/opt/Hoster Desktop/hoster "desktop"',
  autostartDir: join(dir.path, platform, 'autostart'),
  setLoginItemSettings: (settings) => calls.push(settings),
});

describe('start at login', () => {
  it('on Linux writes an autostart entry that starts the app hidden, and removes it when turned off', () => {
    applyStartAtLogin(host('linux'), true);
    const file = join(dir.path, 'linux', 'autostart', 'hoster-desktop.desktop');
    expect(readFileSync(file, 'utf8')).toContain(
      'Exec="/opt/Hoster Desktop/hoster \\"desktop\\"" --hidden\n',
    );
    applyStartAtLogin(host('linux'), false);
    expect(existsSync(file)).toBe(false);
    applyStartAtLogin(host('linux'), false);
  });

  it("on macOS and Windows uses the OS's login items, hidden", () => {
    const calls: unknown[] = [];
    applyStartAtLogin(host('darwin', calls), true);
    applyStartAtLogin(host('win32', calls), false);
    expect(calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: [] },
    ]);
    expect(existsSync(join(dir.path, 'darwin'))).toBe(false);
  });
});

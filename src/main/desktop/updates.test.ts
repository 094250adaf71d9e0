import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateState } from '@shared/contract/updates';
import { createDesktopUpdates, notesText, type UpdaterLike } from './updates';

/** electron-updater's autoUpdater as this app drives it: the test plays the release server's answers as its events. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checks = 0;
  installs = 0;
  answer: (updater: FakeUpdater) => void = () => undefined;
  checkForUpdates() {
    this.checks += 1;
    this.emit('checking-for-update');
    this.answer(this);
    return Promise.resolve(null);
  }
  quitAndInstall() {
    this.installs += 1;
  }
}

const at = new Date('2026-12-06T12:00:00.000Z');
const packaged = (updater: FakeUpdater) =>
  createDesktopUpdates({ updater, currentVersion: '1.0.0', isPackaged: true, now: () => at });

describe('the desktop updater', () => {
  it('downloads a newer version in the background and installs it on quit or on restart', async () => {
    const updater = new FakeUpdater();
    updater.answer = (u) => {
      u.emit('update-available', {
        version: '1.1.0',
        releaseNotes: '<p>Faster &amp; smaller</p>',
        releaseDate: '2026-12-01',
      });
      u.emit('download-progress', { percent: 42.5 });
    };
    const { port } = packaged(updater);
    const seen: UpdateState['status'][] = [];
    port.onChange((state) => seen.push(state.status));
    expect([updater.autoDownload, updater.autoInstallOnAppQuit]).toEqual([true, true]);

    const afterCheck = await port.check();
    expect(afterCheck).toMatchObject({
      status: 'downloading',
      progressPercent: 42.5,
      lastCheckedAt: at.toISOString(),
      available: { version: '1.1.0', releaseNotes: 'Faster & smaller', releaseDate: '2026-12-01' },
    });
    updater.emit('update-downloaded', { version: '1.1.0', releaseNotes: 'Faster' });
    expect(port.state()).toMatchObject({ status: 'ready', progressPercent: 100 });
    // Another check does not start the download over.
    await port.check();
    expect(updater.checks).toBe(1);
    port.restart();
    expect(updater.installs).toBe(1);
    expect(seen).toEqual(['checking', 'downloading', 'downloading', 'ready']);
  });
});

describe('checking for updates', () => {
  it('says when it is up to date, and shows a failed check with its reason', async () => {
    const updater = new FakeUpdater();
    updater.answer = (u) => u.emit('update-not-available', { version: '1.0.0' });
    const { port } = packaged(updater);
    expect(await port.check()).toMatchObject({ status: 'up-to-date', available: null, error: null });
    updater.answer = (u) => u.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
    expect(await port.check()).toMatchObject({ status: 'error', error: 'net::ERR_INTERNET_DISCONNECTED' });
  });

  it('checks at start and not at all when run from source', async () => {
    const updater = new FakeUpdater();
    updater.answer = (u) => u.emit('update-not-available', { version: '1.0.0' });
    const stop = packaged(updater).start();
    await Promise.resolve();
    expect(updater.checks).toBe(1);
    stop();

    const fromSource = new FakeUpdater();
    const { port, start } = createDesktopUpdates({
      updater: fromSource,
      currentVersion: '1.0.0',
      isPackaged: false,
    });
    start();
    const state = await port.check();
    expect(state.isSupported).toBe(false);
    expect(state.unsupportedReason).toContain('runs from source');
    expect(fromSource.checks).toBe(0);
  });
});

describe("a release's notes", () => {
  it('become plain text, markup taken out', () => {
    expect(notesText('<h2>1.1.0</h2><ul><li>One</li><li>Two &lt;b&gt;</li></ul><script>x()</script>')).toBe(
      '1.1.0\n• One\n• Two <b>\nx()',
    );
    expect(notesText([{ version: '1.1.0', note: '<p>Fix</p>' }])).toBe('1.1.0\nFix');
    expect(notesText(null)).toBeNull();
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from './window';

// window.ts is the adapter to Electron itself, and Electron's binary cannot run in the unit suite: a
// fake BrowserWindow records what the window was told to load.
const electron = vi.hoisted(() => {
  const loads: string[] = [];
  const options: { webPreferences?: Record<string, unknown> }[] = [];
  class FakeBrowserWindow {
    constructor(given: { webPreferences?: Record<string, unknown> }) {
      options.push(given);
    }
    webContents = { setWindowOpenHandler: () => undefined, on: () => undefined, getURL: () => '' };
    once() {
      return this;
    }
    loadURL(url: string) {
      loads.push(`url ${url}`);
      return Promise.resolve();
    }
    loadFile(path: string, load?: { hash?: string }) {
      loads.push(`file ${path}${load?.hash ? `#${load.hash}` : ''}`);
      return Promise.resolve();
    }
  }
  return { app: { isPackaged: true }, BrowserWindow: FakeBrowserWindow, loads, options };
});
vi.mock('electron', () => ({
  app: electron.app,
  BrowserWindow: electron.BrowserWindow,
  session: {},
  shell: {},
}));

const outDir = join('/opt', 'Hoster Desktop', 'resources', 'app.asar', 'out', 'main');
const builtRenderer = `file ${join(outDir, '../renderer/index.html')}`;

describe('createMainWindow', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    electron.loads.length = 0;
  });

  it('loads the built renderer in a packaged app even when ELECTRON_RENDERER_URL is set', () => {
    electron.app.isPackaged = true;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://attacker.example/');
    createMainWindow(outDir, 'icon.png');
    expect(electron.loads).toEqual([builtRenderer]);
  });

  it('loads the dev server when running from source with ELECTRON_RENDERER_URL', () => {
    electron.app.isPackaged = false;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/');
    createMainWindow(outDir, 'icon.png');
    expect(electron.loads).toEqual(['url http://localhost:5173/']);
  });

  it('loads the built renderer when running from source without a dev server', () => {
    electron.app.isPackaged = false;
    vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
    createMainWindow(outDir, 'icon.png');
    expect(electron.loads).toEqual([builtRenderer]);
  });

  it("opens on the page asked for (an alert's notification clicked while the window was closed)", () => {
    electron.app.isPackaged = true;
    createMainWindow(outDir, 'icon.png', '#/deployments/d-1');
    expect(electron.loads).toEqual([`${builtRenderer}#/deployments/d-1`]);
  });
});

describe('the main window', () => {
  it('runs its renderer sandboxed and isolated, without Node, webviews or a spellchecker', () => {
    createMainWindow(outDir, 'icon.png');
    expect(electron.options.at(-1)?.webPreferences).toMatchObject({
      preload: join(outDir, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    });
  });
});

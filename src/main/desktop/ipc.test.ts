import type { BrowserWindow } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { methodNames } from '@shared/contract';
import { createEventBus } from '../core/events/event-bus';
import { registerIpc } from './ipc';

// ipc.ts is the adapter to Electron itself, and Electron's binary cannot run in the unit suite: a fake
// ipcMain keeps the handlers so a test can call one as a frame would.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  return {
    app: { isPackaged: true },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, input: unknown) => unknown) =>
        handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    handlers,
  };
});
vi.mock('electron', () => ({ app: electron.app, ipcMain: electron.ipcMain }));

const WINDOW_ID = 7;
const window = {
  webContents: { id: WINDOW_ID, send: () => undefined },
  isDestroyed: () => false,
} as unknown as BrowserWindow;
const method = methodNames[0]!;

/** Registers the handlers, calls one from a top-level frame at `url`, and says whether the core was reached. */
function callFrom(url: string): { answer: unknown; dispatched: string[] } {
  const dispatched: string[] = [];
  const unregister = registerIpc(
    {
      dispatch: (name) => (dispatched.push(name), Promise.resolve({ ok: true, value: null })),
      events: createEventBus(),
    },
    window,
  );
  try {
    const handler = electron.handlers.get(method)!;
    const answer = handler({ sender: { id: WINDOW_ID }, senderFrame: { parent: null, url } }, {});
    return { answer, dispatched };
  } finally {
    unregister();
  }
}

describe('registerIpc', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('in a packaged app refuses a frame from ELECTRON_RENDERER_URL', () => {
    electron.app.isPackaged = true;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://attacker.example/');
    const { answer, dispatched } = callFrom('https://attacker.example/');
    expect(dispatched).toEqual([]);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('in a packaged app serves the built renderer', () => {
    electron.app.isPackaged = true;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://attacker.example/');
    expect(
      callFrom('file:///opt/Hoster%20Desktop/resources/app.asar/out/renderer/index.html').dispatched,
    ).toEqual([method]);
  });

  it('running from source serves the dev server named by ELECTRON_RENDERER_URL', () => {
    electron.app.isPackaged = false;
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/');
    expect(callFrom('http://localhost:5173/#/nodes').dispatched).toEqual([method]);
  });
});

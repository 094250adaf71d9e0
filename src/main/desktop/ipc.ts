import { app, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { methodNames } from '@shared/contract';
import type { Core } from '../core/create-core';
import { developmentOverrides } from './development-overrides';

/** Only our own top-level frame may call the core: not an iframe, not a page the window was navigated to. */
function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow,
  devServerOrigin: string | undefined,
): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender.id !== window.webContents.id || frame.parent !== null) return false;
  const url = new URL(frame.url);
  return url.protocol === 'file:' || url.origin === devServerOrigin;
}

export function registerIpc(core: Pick<Core, 'dispatch' | 'events'>, window: BrowserWindow): () => void {
  const { rendererUrl } = developmentOverrides(process.env, app.isPackaged);
  const devServerOrigin = rendererUrl === undefined ? undefined : new URL(rendererUrl).origin;
  for (const method of methodNames) {
    ipcMain.handle(method, (event, input: unknown) => {
      if (!isTrustedSender(event, window, devServerOrigin)) {
        return { ok: false, error: { code: 'forbidden', message: 'This frame may not call the app.' } };
      }
      return core.dispatch(method, input);
    });
  }
  const unsubscribe = core.events.onAny((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send('event', event, payload);
  });
  return () => {
    unsubscribe();
    for (const method of methodNames) ipcMain.removeHandler(method);
  };
}

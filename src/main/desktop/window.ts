import { join } from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';
import { developmentOverrides } from './development-overrides';

const isSafeExternal = (url: string) => {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * The header reaches pages served over http(s), i.e. the dev server. The built renderer is a file:// page,
 * which gets no headers: its policy is the meta in index.html.
 */
export function installContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // The renderer never needs the camera, notifications prompts or anything else a site may ask for.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

/**
 * `outDir` is the bundle's folder (out/main), from which preload and renderer are found; `route`
 * (`#/deployments/<id>`, checked by the caller) is the page it opens on.
 */
export function createMainWindow(outDir: string, iconPath: string, route?: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Hoster Desktop',
    icon: iconPath,
    webPreferences: {
      preload: join(outDir, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  // The window only ever shows our own renderer: navigation and popups go to the OS browser, https only.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) {
      event.preventDefault();
      if (isSafeExternal(url)) void shell.openExternal(url);
    }
  });

  const { rendererUrl } = developmentOverrides(process.env, app.isPackaged);
  if (rendererUrl) void window.loadURL(`${rendererUrl}${route ?? ''}`);
  else void window.loadFile(join(outDir, '../renderer/index.html'), route ? { hash: route.slice(1) } : {});
  return window;
}

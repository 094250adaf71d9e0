import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { AppError } from '@shared/result';
import { DEFAULT_STRIPE_API_BASE } from './core/billing/billing-ports';
import { createCore, type Core } from './core/create-core';
import { createConsoleLogger } from './core/logger';
import { createKeyringSecretStore } from './core/secrets/keyring-secret-store';
import { developmentOverrides } from './desktop/development-overrides';
import { createDesktopAttention } from './desktop/attention';
import { createElectronSettingsStore } from './desktop/electron-settings-store';
import { registerIpc } from './desktop/ipc';
import { createTouchIdPresence } from './desktop/touch-id-presence';
import { createTray } from './desktop/tray';
import { createWindowKeeper, hideOnClose } from './desktop/background';
import { applyStartAtLogin, HIDDEN_ARG } from './desktop/login-item';
import { runInBackground } from './desktop/run-in-background';
import { createDesktopUpdates } from './desktop/updates';
import { createMainWindow, installContentSecurityPolicy } from './desktop/window';

const logger = createConsoleLogger();
const here = dirname(fileURLToPath(import.meta.url));
const resourcesDir = app.isPackaged
  ? join(process.resourcesPath, 'resources')
  : join(here, '../../resources');
const iconPath = join(resourcesDir, 'icon.png');
const overrides = developmentOverrides(process.env, app.isPackaged);
let core: Core | null = null;
const attention = createDesktopAttention();
const updates = createDesktopUpdates({
  // electron-updater is CommonJS: its `autoUpdater` is read off the default export.
  updater: electronUpdater.autoUpdater,
  currentVersion: app.getVersion(),
  isPackaged: app.isPackaged,
});
let isQuitting = false;

/** The main window on `route`'s page, with its bridge, its attention and close-to-tray. */
function openMainWindow(running: Core, route: string | undefined, background: Background): BrowserWindow {
  const window = createMainWindow(here, iconPath, route);
  attention.watch(window);
  const unregister = registerIpc(running, window);
  window.on('closed', unregister);
  hideOnClose(window, { isQuitting: () => isQuitting, ...background });
  return window;
}
type Background = Awaited<ReturnType<typeof runInBackground>>;

function openCore(): Core | null {
  try {
    return createCore({
      dataDir: app.getPath('userData'),
      appVersion: app.getVersion(),
      mode: 'desktop',
      settingsStore: createElectronSettingsStore(),
      secrets: createKeyringSecretStore('hoster-desktop'),
      logger,
      sqliteBinding: overrides.sqliteBinding,
      resourcesDir,
      // Passed even when not overridden: the core would otherwise read these from the environment itself.
      stripeApiBase: overrides.stripeApiBase ?? DEFAULT_STRIPE_API_BASE,
      cloudApiBases: overrides.cloudApiBases ?? {},
      localDockerSocket: overrides.localDockerSocket ?? '/var/run/docker.sock',
      validateEvents: !app.isPackaged,
      presence: createTouchIdPresence(),
      attention: attention.port,
      updates: updates.port,
    });
  } catch (error) {
    dialog.showErrorBox(
      'Hoster Desktop cannot start',
      error instanceof AppError ? error.message : String(error),
    );
    app.exit(1);
    return null;
  }
}

async function start(): Promise<void> {
  const running = openCore();
  if (!running) return;
  core = running;
  installContentSecurityPolicy();
  let background: Background | null = null;
  const keeper = createWindowKeeper((route) =>
    openMainWindow(running, route, background ?? { keepsRunning: () => true, onHidden: () => undefined }),
  );
  const tray = createTray(iconPath, {
    open: () => keeper.show(),
    setPaused: (paused) => attention.setPaused(paused),
    quit: () => app.quit(),
  });
  app.on('second-instance', () => keeper.show());
  background = await runInBackground({
    core: running,
    app,
    platform: process.platform,
    showWindow: (route) => keeper.show(route),
    tray,
    hintFile: join(app.getPath('userData'), 'background-hint-shown'),
    applyStartAtLogin: (isEnabled) =>
      // Only the installed app registers itself: a run from source would start electron's own binary.
      app.isPackaged &&
      applyStartAtLogin(
        {
          platform: process.platform,
          executable: process.env.APPIMAGE ?? process.execPath,
          autostartDir: join(app.getPath('appData'), 'autostart'),
          setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
        },
        isEnabled,
      ),
  });
  // Started at login: the tray only, until the user opens the window.
  if (!process.argv.includes(HIDDEN_ARG)) keeper.show();
  running.start();
  updates.start();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('before-quit', (event) => {
    if (isQuitting || !core) return;
    event.preventDefault();
    isQuitting = true;
    void core.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

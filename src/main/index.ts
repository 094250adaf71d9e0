import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, type BrowserWindow } from 'electron';
import { AppError } from '@shared/result';
import { DEFAULT_STRIPE_API_BASE } from './core/billing/billing-ports';
import { createCore, type Core } from './core/create-core';
import { createConsoleLogger } from './core/logger';
import { createKeyringSecretStore } from './core/secrets/keyring-secret-store';
import { developmentOverrides } from './desktop/development-overrides';
import { createDesktopAttention } from './desktop/attention';
import { createElectronSettingsStore } from './desktop/electron-settings-store';
import { registerIpc } from './desktop/ipc';
import { notifyAlerts } from './desktop/notifications';
import { createTouchIdPresence } from './desktop/touch-id-presence';
import { createTray } from './desktop/tray';
import { createMainWindow, installContentSecurityPolicy } from './desktop/window';

const logger = createConsoleLogger();
const here = dirname(fileURLToPath(import.meta.url));
const resourcesDir = app.isPackaged
  ? join(process.resourcesPath, 'resources')
  : join(here, '../../resources');
const iconPath = join(resourcesDir, 'icon.png');
const overrides = developmentOverrides(process.env, app.isPackaged);
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
const attention = createDesktopAttention();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let isQuitting = false;
  app.on('before-quit', (event) => {
    if (isQuitting || !core) return;
    event.preventDefault();
    isQuitting = true;
    void core.close().finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    try {
      core = createCore({
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
        localDockerSocket: overrides.localDockerSocket ?? '/var/run/docker.sock',
        validateEvents: !app.isPackaged,
        presence: createTouchIdPresence(),
        attention: attention.port,
      });
    } catch (error) {
      dialog.showErrorBox(
        'Hoster Desktop cannot start',
        error instanceof AppError ? error.message : String(error),
      );
      app.exit(1);
      return;
    }
    installContentSecurityPolicy();
    mainWindow = createMainWindow(here, iconPath);
    attention.watch(mainWindow);
    const unregister = registerIpc(core, mainWindow);
    mainWindow.on('closed', () => {
      unregister();
      mainWindow = null;
    });
    createTray(
      iconPath,
      () => mainWindow,
      () => app.quit(),
    );
    notifyAlerts(core, () => {
      mainWindow?.show();
      mainWindow?.focus();
    });
    core.start();
  });
}

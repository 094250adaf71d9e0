import { Notification } from 'electron';
import type { Alert } from '@shared/contract/monitoring';
import type { Core } from '../core/create-core';

/**
 * Every alert the core raises also reaches the OS as a desktop notification, where it supports them,
 * whether or not the window is open; a click opens the alert's page.
 */
export function notifyAlerts(core: Pick<Core, 'events'>, onClick: (alert: Alert) => void): () => void {
  return core.events.on('alerts:raised', (alert) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: alert.title,
      body: alert.message,
      urgency: alert.severity === 'error' ? 'critical' : 'normal',
    });
    notification.on('click', () => onClick(alert));
    notification.show();
  });
}

/** Tells the user, once, that closing the window left the app running in the tray. */
export function backgroundHint(): void {
  if (!Notification.isSupported()) return;
  new Notification({
    title: 'Hoster Desktop is still running',
    body: 'Monitoring, alerts and backups go on while the window is closed. Open it or quit from the tray icon; turn this off in Settings.',
  }).show();
}

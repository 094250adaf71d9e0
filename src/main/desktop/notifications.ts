import { Notification } from 'electron';
import type { Core } from '../core/create-core';

/** Every alert the core raises also reaches the OS as a desktop notification, where it supports them. */
export function notifyAlerts(core: Pick<Core, 'events'>, onClick: () => void): () => void {
  return core.events.on('alerts:raised', (alert) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({
      title: alert.title,
      body: alert.message,
      urgency: alert.severity === 'error' ? 'critical' : 'normal',
    });
    notification.on('click', onClick);
    notification.show();
  });
}

import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, methodNames, type Bridge, type EventName } from '@shared/contract';

const bridge: Record<string, unknown> = {};
for (const method of methodNames) {
  bridge[method] = (input: unknown) => ipcRenderer.invoke(method, input);
}
bridge.on = (event: EventName, listener: (payload: unknown) => void) => {
  if (!eventNames.includes(event)) throw new Error(`Unknown event ${event}`);
  const handler = (_: Electron.IpcRendererEvent, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on('event', handler);
  return () => {
    ipcRenderer.removeListener('event', handler);
  };
};

const typed: Bridge = bridge as Bridge;
contextBridge.exposeInMainWorld('bridge', typed);

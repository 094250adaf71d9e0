import { useEffect } from 'react';
import { useAppStore } from '../../store';

/** Renewed well within the core's lease (60 s), so focus never lapses while the view is open. */
const RENEW_MS = 30_000;
const windowId = Math.random().toString(36).slice(2, 10);

/**
 * Tells the core what this view shows while it is mounted, so exactly that is sampled every few
 * seconds; on unmount the view's focus is dropped and sampling falls back to once a minute.
 */
export function useMonitoringFocus(view: string, deploymentIds: string[], nodeIds: string[]) {
  const focus = useAppStore((s) => s.focusMonitoring);
  const key = JSON.stringify([deploymentIds, nodeIds]);
  useEffect(() => {
    const [deployments, nodes] = JSON.parse(key) as [string[], string[]];
    const viewId = `${windowId}:${view}`;
    const send = (d: string[], n: string[]) => {
      focus(viewId, d, n).catch(() => undefined);
    };
    send(deployments, nodes);
    const timer = setInterval(() => send(deployments, nodes), RENEW_MS);
    return () => {
      clearInterval(timer);
      send([], []);
    };
  }, [focus, view, key]);
}

import { AppError } from '@shared/result';
import type { LocalForward } from '../ssh/node-connections';
import type { OperationDeps } from './deployment-runtime';

/**
 * Opening a deployment: its domain when it has an active one, its public address, or a local SSH
 * forward to a private port, kept until
 * close. The forward is for a service's port, not a host port: each connection goes to the host port
 * the deployment holds at that moment, so an update that switches ports is followed at once.
 */
export function createOpenForwards(deps: OperationDeps) {
  const forwards = new Map<string, LocalForward>();

  async function open(id: string, service: string | undefined): Promise<{ url: string }> {
    const deployment = deps.runtime.load(id);
    const routed = service === undefined ? deps.ports.routes.urlOf(id) : null;
    if (routed) return { url: routed };
    const primary =
      service ?? deps.repository.currentRevision(deployment)?.template.manifest.primary?.service;
    const allocations = deps.repository.allocationsOf(id);
    const port =
      allocations.find((p) => p.protocol === 'tcp' && (primary === undefined || p.service === primary)) ??
      allocations[0];
    if (!port) throw new AppError('not_found', `${deployment.name} publishes no port to open.`);
    const { url } = deps.runtime.summaryOf(deployment);
    if (deployment.exposure === 'public' && url) return { url };
    const key = `${id}:${port.service}:${String(port.containerPort)}`;
    const current = () =>
      deps.repository
        .allocationsOf(id)
        .find((p) => p.service === port.service && p.containerPort === port.containerPort && p.protocol === 'tcp')
        ?.hostPort ?? port.hostPort;
    let forward = forwards.get(key);
    if (!forward) {
      forward = await deps.ports.connections.openLocalForward(deployment.nodeId, '127.0.0.1', current);
      forwards.set(key, forward);
    }
    return { url: `http://127.0.0.1:${String(forward.localPort)}/` };
  }

  return {
    open,
    async close() {
      for (const forward of forwards.values()) await forward.close();
      forwards.clear();
    },
  };
}

import type { DeploymentSummary } from '@shared/contract/deployment-model';
import { AppError } from '@shared/result';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import type { LocalForward } from '../ssh/node-connections';
import { createDeployOperation } from './deploy-operation';
import { createDeploymentRepository } from './deployment-repository';
import { createDeploymentRuntime, templateOf } from './deployment-runtime';
import { createDeploymentSecrets } from './deployment-secrets';
import { toDetail } from './deployment-views';
import type { ReadinessOptions } from './docker-engine';
import { createLifecycleOperations } from './lifecycle-operations';
import type { DeploymentPorts } from './ports';
import { createReconciler } from './reconcile';

export const RECOVERY_WORKER = 'deployment-recovery';
const RECOVERY_INTERVAL_SECONDS = 60;

export type DeploymentsFeature = Feature<MethodsOf<'deployments'>> & {
  /** Every deployment as the contract summarises it, for features that show deployments beside their own data. */
  list(): DeploymentSummary[];
  /** For other features: which deployments use a template, and how many live on a node. */
  usingTemplate(templateId: string): { id: string; name: string; version: string }[];
  countOnNode(nodeId: string): number;
  reconcileNow(): Promise<number>;
  /**
   * Monitoring's verdict on a running deployment: crash-looping or unhealthy containers make it
   * `degraded`, recovery makes it `running` again. Ignored while an operation is under way.
   */
  reportHealth(id: string, isHealthy: boolean, cause: string): void;
  /** Deployments monitoring should watch: those on the node that are meant to be up. */
  watched(): { id: string; name: string; nodeId: string; status: string }[];
};

export function createDeploymentsFeature(
  context: CoreContext,
  ports: DeploymentPorts,
  readiness: () => ReadinessOptions,
): DeploymentsFeature {
  const repository = createDeploymentRepository(context.db);
  const secrets = createDeploymentSecrets(context.secrets);
  const runtime = createDeploymentRuntime({ context, repository, ports, secrets, readiness });
  const deploy = createDeployOperation({ runtime, repository, ports, secrets });
  const lifecycle = createLifecycleOperations({ runtime, repository, ports, secrets, deploy });
  const reconciler = createReconciler({ runtime, repository, ports, lifecycle, logger: context.logger });
  const forwards = new Map<string, LocalForward>();

  async function open(id: string, service: string | undefined): Promise<{ url: string }> {
    const row = runtime.load(id);
    const revision = runtime.currentRevision(row);
    const primary = service ?? (revision ? templateOf(revision).manifest.primary?.service : undefined);
    const port =
      repository
        .portsOf(id)
        .find((p) => p.protocol === 'tcp' && (primary === undefined || p.service === primary)) ??
      repository.portsOf(id)[0];
    if (!port) throw new AppError('not_found', `${row.name} publishes no port to open.`);
    const summary = runtime.summaryOf(row);
    if (row.exposure === 'public' && summary.url) return { url: summary.url };
    const key = `${id}:${String(port.host_port)}`;
    let forward = forwards.get(key);
    if (!forward) {
      forward = await ports.connections.openLocalForward(row.node_id, '127.0.0.1', port.host_port);
      forwards.set(key, forward);
    }
    return { url: `http://127.0.0.1:${String(forward.localPort)}/` };
  }

  const list = () => repository.list().map(runtime.summaryOf);

  return {
    workers: [
      {
        name: RECOVERY_WORKER,
        intervalSeconds: () => RECOVERY_INTERVAL_SECONDS,
        run: async () => {
          await reconciler.reconcileAll();
        },
      },
    ],
    handlers: {
      'deployments:list': list,
      'deployments:get': ({ id }) => {
        const row = runtime.load(id);
        const revision = runtime.currentRevision(row);
        return toDetail(runtime.summaryOf(row), {
          node: ports.nodes.get(row.node_id),
          ports: repository.portsOf(id),
          revisions: repository.revisions(id),
          transitions: repository.transitions(id),
          notes: revision ? templateOf(revision).manifest.notes : '',
          activeJobId: runtime.activeJobOf(id),
        });
      },
      'deployments:create': (input) => deploy.create(input),
      'deployments:start': ({ id, acceptFindings }) => lifecycle.start(id, acceptFindings),
      'deployments:stop': ({ id }) => lifecycle.stop(id),
      'deployments:restart': ({ id, acceptFindings }) => lifecycle.restart(id, acceptFindings),
      'deployments:update': ({ id, version, variables, acceptFindings }) =>
        lifecycle.update(id, { version, variables, acceptFindings }),
      'deployments:rollback': ({ id, acceptFindings }) => lifecycle.rollback(id, acceptFindings),
      'deployments:delete': ({ id, deleteData }) => lifecycle.remove(id, deleteData),
      'deployments:volumes': ({ id }) => lifecycle.volumes(id),
      'deployments:open': ({ id, service }) => open(id, service),
      'deployments:set-customer': ({ id, customerId, priceOverrideCents }) => {
        const row = runtime.load(id);
        const at = runtime.now();
        repository.update(
          id,
          {
            customer_id: customerId,
            ...(priceOverrideCents === undefined ? {} : { price_override_cents: priceOverrideCents }),
          },
          at,
        );
        repository.recordChange(id, row.status, 'customer-changed', at);
        const next = runtime.load(id);
        context.events.emit('deployments:transitioned', {
          deployment: runtime.summaryOf(next),
          from: next.status,
          to: next.status,
          at,
          cause: 'customer-changed',
        });
        return runtime.summaryOf(next);
      },
    },
    list,
    usingTemplate: (templateId) =>
      repository
        .list()
        .filter((row) => row.template_id === templateId)
        .map((row) => ({ id: row.id, name: row.name, version: row.template_version })),
    countOnNode: (nodeId) => repository.listOnNode(nodeId).length,
    reconcileNow: () => reconciler.reconcileAll(),
    reportHealth(id, isHealthy, cause) {
      const row = repository.get(id);
      if (!row || runtime.hasActiveJob(id)) return;
      if (isHealthy && row.status === 'degraded') runtime.move(row, 'running', cause);
      if (!isHealthy && row.status === 'running') runtime.move(row, 'degraded', cause);
    },
    watched: () =>
      repository
        .listByStatus(['running', 'degraded', 'starting', 'updating', 'stopping'])
        .map((row) => ({ id: row.id, name: row.name, nodeId: row.node_id, status: row.status })),
    async close() {
      for (const forward of forwards.values()) await forward.close();
      forwards.clear();
    },
  };
}

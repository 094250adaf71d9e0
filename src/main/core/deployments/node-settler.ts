import type Docker from 'dockerode';
import type { Logger } from '../logger';
import { labels } from './compose-labels';
import type { OperationDeps } from './deployment-runtime';
import type { Deployment } from './deployment-types';
import type { DeploymentPlan } from './plan-types';
import { reachabilityOf } from './reachability';
import {
  observeContainers,
  settle,
  settledStatuses,
  type ExpectedService,
  type ListedContainer,
  type Settlement,
} from './settle';

/** How far apart the two observations of a fresh full check are (after a reconnect). */
export const CONFIRM_DELAY_MS = 2000;

type SettlerDeps = OperationDeps & {
  logger: Logger;
  confirmDelayMs?: number;
  /** Services the user stopped: not expected up, so the deployment is not judged by them. */
  heldServices?: (deploymentId: string) => string[];
};

/** The services a plan runs; one another service waits to complete successfully may exit. */
const expectedOf = (plan: DeploymentPlan): ExpectedService[] => {
  const oneShots = new Set(
    plan.services.flatMap((s) =>
      Object.entries(s.dependsOn)
        .filter(([, condition]) => condition === 'service_completed_successfully')
        .map(([service]) => service),
    ),
  );
  return plan.services
    .filter((s) => s.replica === 1)
    .map(({ service }) => ({ service, mayExit: oneShots.has(service) }));
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One listing of the node's containers (ours, by label) for all its deployments. */
async function containersByDeployment(docker: Docker): Promise<Map<string, ListedContainer[]>> {
  const listed = await docker.listContainers({ all: true, filters: { label: [`${labels.managed}=true`] } });
  const byDeployment = new Map<string, ListedContainer[]>();
  for (const container of listed) {
    const id = container.Labels[labels.deployment] ?? '';
    byDeployment.set(id, [...(byDeployment.get(id) ?? []), container]);
  }
  return byDeployment;
}

type Judged = { deployment: Deployment; verdict: Settlement | null };

/** What each deployment at rest on a node would need now, read from one listing of its containers. */
function createJudge(deps: SettlerDeps) {
  const { runtime, repository, ports } = deps;
  /** By deployment: the services of its active revision (a revision never changes once written). */
  const services = new Map<string, { revision: number; expected: ExpectedService[] }>();

  async function expectedServices(deployment: Deployment): Promise<ExpectedService[] | null> {
    const active = repository.activeRevision(deployment);
    if (!active) return null;
    const known = services.get(deployment.id);
    if (known?.revision === active.revision) return known.expected;
    const expected = expectedOf(await runtime.planFor(deployment, active));
    services.set(deployment.id, { revision: active.revision, expected });
    return expected;
  }

  const atRest = (nodeId: string) =>
    repository
      .listOnNode(nodeId)
      .filter((d) => settledStatuses.includes(d.status) && !runtime.hasActiveJob(d.id));

  /** The change each deployment at rest on the node would need now; none while the node cannot be seen. */
  return async function verdicts(nodeId: string): Promise<Judged[]> {
    const deployments = atRest(nodeId);
    if (deployments.length === 0 || !reachabilityOf(ports.nodes.get(nodeId)).nodeReachable) return [];
    const containers = await containersByDeployment(await ports.connections.docker(nodeId));
    const judged: Judged[] = [];
    for (const deployment of deployments) {
      const expected = await expectedServices(deployment).catch((error: unknown) => {
        // A revision that no longer renders (a secret gone) cannot be judged; its next operation says why.
        deps.logger.warn('settle skipped a deployment', {
          deployment: deployment.id,
          error: errorText(error),
        });
        return null;
      });
      if (!expected) continue;
      const held = deps.heldServices?.(deployment.id) ?? [];
      const reality = observeContainers(
        containers.get(deployment.id) ?? [],
        expected.filter((s) => !held.includes(s.service)),
      );
      judged.push({ deployment, verdict: settle(deployment.status, reality) });
    }
    return judged;
  };
}

/** Applies a change only if the deployment is still as observed and no operation has begun. */
function apply(deps: SettlerDeps, seen: Deployment, verdict: Settlement): boolean {
  const current = deps.repository.get(seen.id);
  if (!current || current.status !== seen.status || deps.runtime.hasActiveJob(seen.id)) return false;
  deps.runtime.move(current, verdict.to, verdict.cause, verdict.error);
  return true;
}

/**
 * Weighs this observation's answers against the previous ones (`proposed`, by deployment: the status
 * the node's containers call for): the same answer twice is applied, whatever moved the stored
 * status in between (monitoring marks a deployment degraded on its own). Returns how many still
 * wait for a second answer.
 */
function weighAnswers(deps: SettlerDeps, proposed: Map<string, string>, judged: Judged[]): number {
  let waiting = 0;
  for (const { deployment, verdict } of judged) {
    const key = verdict?.to;
    if (!verdict || !key) proposed.delete(deployment.id);
    else if (proposed.get(deployment.id) === key) {
      proposed.delete(deployment.id);
      apply(deps, deployment, verdict);
    } else {
      proposed.set(deployment.id, key);
      waiting += 1;
    }
  }
  return waiting;
}

/**
 * Reconciliation of deployments at rest against what their node has. A change needs the same
 * answer from two consecutive observations, so a node that flaps never flips a deployment back
 * and forth: `observe` takes one (the health interval), `check` takes two a moment apart (a fresh
 * full check, after a reconnect). While a node cannot be seen nothing is decided.
 */
export function createNodeSettler(deps: SettlerDeps) {
  const verdicts = createJudge(deps);
  const proposed = new Map<string, string>();

  /** One observation of a node; returns how many deployments still wait for a second answer. */
  async function observeNode(nodeId: string): Promise<number> {
    const onNode = new Set(deps.repository.listOnNode(nodeId).map((d) => d.id));
    const judged = await verdicts(nodeId);
    const answered = new Set(judged.map(({ deployment }) => deployment.id));
    // Not judged this time (unreachable, busy, gone): the next answer starts afresh.
    for (const id of onNode) if (!answered.has(id)) proposed.delete(id);
    return weighAnswers(deps, proposed, judged);
  }

  const safely = async (nodeId: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      deps.logger.warn('settling deployments skipped a node', { node: nodeId, error: errorText(error) });
    }
  };

  return {
    /** The health interval: one observation of every node; a change applies on its second answer. */
    async observe(): Promise<void> {
      for (const node of deps.ports.nodes.list())
        await safely(node.id, async () => {
          await observeNode(node.id);
        });
    },
    /** A fresh full check of one node: two observations a moment apart settle what both agree on. */
    async check(nodeId: string): Promise<void> {
      await safely(nodeId, async () => {
        if ((await observeNode(nodeId)) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, deps.confirmDelayMs ?? CONFIRM_DELAY_MS));
        await observeNode(nodeId);
      });
    },
  };
}

export type NodeSettler = ReturnType<typeof createNodeSettler>;

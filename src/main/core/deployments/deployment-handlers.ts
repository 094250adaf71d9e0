import type { Handlers, ParsedInput } from '@shared/contract';
import type { Template } from '@shared/contract/template-model';
import type { MethodsOf } from '../core-context';
import { createDeployment } from './create-operation';
import type { OperationDeps } from './deployment-runtime';
import { toDetail } from './deployment-views';
import { forget } from './forget-operation';
import * as lifecycle from './lifecycle-operations';
import type { createOpenForwards } from './open-forwards';
import { requireReachable } from './reachability';
import { rollback, update, updatePreview } from './revision-operations';
import { applySettingsUpdate, currentSettings, settingsPreview } from './settings-operations';

/** The service names of a revision's template, from the engine's normalized compose. */
const servicesOf = (deps: OperationDeps, template: Template | undefined): string[] =>
  template ? (deps.ports.engine.validate(template).compose?.services.map((s) => s.name) ?? []) : [];

const detailOf = (deps: OperationDeps, id: string) => {
  const deployment = deps.runtime.load(id);
  const current = deps.repository.currentRevision(deployment);
  return toDetail(deps.runtime.summaryOf(deployment), {
    services: servicesOf(deps, current?.template),
    node: deps.ports.nodes.get(deployment.nodeId),
    allocations: deps.repository.allocationsOf(id),
    revisions: deps.repository.revisions(id),
    transitions: deps.repository.transitions(id),
    notes: current?.template.manifest.notes ?? '',
    activeJobId: deps.runtime.activeJobOf(id),
  });
};

/** A new customer or price: not a change of status, so it is announced as `deployments:changed`. */
const setCustomer = (deps: OperationDeps, input: ParsedInput<'deployments:set-customer'>) => {
  const { runtime, repository } = deps;
  const before = runtime.load(input.id);
  const at = runtime.now();
  const { customerId, priceOverrideCents } = input;
  repository.update(
    before.id,
    { customerId, ...(priceOverrideCents === undefined ? {} : { priceOverrideCents }) },
    at,
  );
  repository.recordChange(before.id, before.status, 'customer-changed', at);
  const after = runtime.load(before.id);
  runtime.announceChanged(after);
  return runtime.summaryOf(after);
};

/** An action that needs the deployment's node: refused at once, with the reason, while the node cannot be seen. */
const onNode =
  (deps: OperationDeps) =>
  <T>(id: string, act: () => T): T => {
    requireReachable(deps.ports, deps.runtime.load(id));
    return act();
  };

/** The `deployments:*` contract methods, each a line onto the operation that does it. */
export const deploymentHandlers = (
  deps: OperationDeps,
  forwards: ReturnType<typeof createOpenForwards>,
): Pick<Handlers, MethodsOf<'deployments'>> => {
  const needsNode = onNode(deps);
  return {
    'deployments:list': () => deps.runtime.summariesOf(deps.repository.list()),
    'deployments:get': ({ id }) => detailOf(deps, id),
    'deployments:create': (input) => createDeployment(deps, input),
    'deployments:start': ({ id, acceptFindings }) =>
      needsNode(id, () => lifecycle.start(deps, id, acceptFindings)),
    'deployments:stop': ({ id }) => needsNode(id, () => lifecycle.stop(deps, id)),
    'deployments:restart': ({ id, acceptFindings }) =>
      needsNode(id, () => lifecycle.restart(deps, id, acceptFindings)),
    'deployments:update': ({ id, version, variables, acceptFindings }) =>
      needsNode(id, () => update(deps, id, { version, variables, acceptFindings })),
    'deployments:rollback': ({ id, acceptFindings }) =>
      needsNode(id, () => rollback(deps, id, acceptFindings)),
    'deployments:delete': ({ id, deleteData, removeImages }) =>
      needsNode(id, () => lifecycle.remove(deps, id, deleteData, removeImages)),
    'deployments:images': ({ id }) => needsNode(id, () => lifecycle.images(deps, id)),
    'deployments:forget': ({ id }) => forget(deps, id),
    'deployments:volumes': ({ id }) => needsNode(id, () => lifecycle.volumes(deps, id)),
    'deployments:update-preview': ({ id, version }) => updatePreview(deps, id, version),
    'deployments:open': ({ id, service }) => needsNode(id, () => forwards.open(id, service)),
    'deployments:set-customer': (input) => setCustomer(deps, input),
    'deployments:settings': ({ id }) => currentSettings(deps, id),
    'deployments:settings-preview': (input) => settingsPreview(deps, input),
    'deployments:apply-settings': (input) => needsNode(input.id, () => applySettingsUpdate(deps, input)),
  };
};

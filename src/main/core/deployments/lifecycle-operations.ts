import type { Template } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import { removeDeployment, startContainers, stopContainers } from './apply-plan';
import { portRequests } from './build-plan';
import type { DeploymentRepository, DeploymentRow, RevisionRow } from './deployment-repository';
import { splitValues, type DeploymentSecrets } from './deployment-secrets';
import { templateOf, type DeploymentRuntime } from './deployment-runtime';
import type { DeployOperation } from './deploy-operation';
import { listeningPorts, resolveValues } from './deploy-operation';
import { deploymentVolumes, imageDigests } from './docker-engine';
import { allocatePorts } from './port-allocator';
import type { DeploymentPorts } from './ports';
import { acceptedOf, requireAccepted } from './policy-gate';
import { assertTransition } from './state-machine';
import { updatePlan } from './update-plan';

export interface LifecycleDeps {
  runtime: DeploymentRuntime;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  secrets: DeploymentSecrets;
  deploy: DeployOperation;
}

export const deleteCause = (deleteData: boolean) =>
  deleteData ? 'delete with data' : 'delete, keeping data';

export function createLifecycleOperations(deps: LifecycleDeps) {
  const { runtime, repository, ports } = deps;

  const activeRevision = (row: DeploymentRow): RevisionRow | undefined =>
    row.current_revision === null ? undefined : repository.revision(row.id, row.current_revision);

  /**
   * The finding keys a template may use on this deployment's node: it must ask for nothing beyond what
   * was accepted for `basis` plus what the user accepts now (`given`). Throws the refusal otherwise.
   */
  function acceptedFor(row: DeploymentRow, template: Template, basis: RevisionRow, given: readonly string[]) {
    const report = ports.engine.validate(template, runtime.policyContext(row.node_id));
    const before = acceptedOf(basis);
    requireAccepted(report.findings, [...before, ...given], row.name);
    return [...new Set([...before, ...report.findings.map((finding) => finding.key)])].sort();
  }

  /** Start and restart create containers again from a stored revision: what it asks of the node must still be accepted. */
  function acceptRevision(row: DeploymentRow, revision: RevisionRow, given: readonly string[]): string[] {
    const accepted = acceptedFor(row, templateOf(revision), revision, given);
    if (accepted.join('\n') !== acceptedOf(revision).join('\n'))
      repository.setAcceptedFindings(row.id, revision.revision, accepted);
    return accepted;
  }

  function start(id: string, acceptFindings: readonly string[] = []) {
    const row = runtime.load(id);
    assertTransition(row.status, 'starting', row.name);
    const revision = activeRevision(row);
    // A deployment that never came up is deployed again from its last revision.
    if (!revision) {
      const last = runtime.currentRevision(row);
      if (last) acceptRevision(row, last, acceptFindings);
      return runtime.runJob(row, 'deploy', (job, docker) =>
        deps.deploy.deployRevision(runtime.load(id), job, docker),
      );
    }
    const accepted = acceptRevision(row, revision, acceptFindings);
    return runtime.runJob(row, 'start', async (job, docker) => {
      const plan = await runtime.planFor(row, revision, { accepted });
      const starting = runtime.move(runtime.load(id), 'starting', 'start requested');
      try {
        await startContainers(docker, plan, runtime.applyOptions(job));
      } catch (error) {
        await stopContainers(docker, plan, new AbortController().signal).catch(() => undefined);
        runtime.fail(id, error);
        throw error;
      }
      runtime.move(starting, 'running', 'all containers ready');
    });
  }

  function stop(id: string) {
    const row = runtime.load(id);
    assertTransition(row.status, 'stopping', row.name);
    const revision = activeRevision(row);
    if (!revision) throw new AppError('conflict', `${row.name} has nothing running to stop.`);
    return runtime.runJob(row, 'stop', async (job, docker) => {
      const plan = await runtime.planFor(row, revision);
      const stopping = runtime.move(runtime.load(id), 'stopping', 'stop requested');
      job.progress({ step: 'Stopping containers' });
      try {
        await stopContainers(docker, plan, job.signal);
      } catch (error) {
        runtime.fail(id, error);
        throw error;
      }
      runtime.move(stopping, 'stopped', 'all containers stopped');
    });
  }

  function restart(id: string, acceptFindings: readonly string[] = []) {
    const row = runtime.load(id);
    assertTransition(row.status, 'starting', row.name);
    const revision = activeRevision(row);
    if (!revision) throw new AppError('conflict', `${row.name} has nothing to restart; start it instead.`);
    const accepted = acceptRevision(row, revision, acceptFindings);
    return runtime.runJob(row, 'restart', async (job, docker) => {
      const plan = await runtime.planFor(row, revision, { accepted });
      const starting = runtime.move(runtime.load(id), 'starting', 'restart requested');
      try {
        job.progress({ step: 'Stopping containers' });
        await stopContainers(docker, plan, job.signal);
        await startContainers(docker, plan, runtime.applyOptions(job));
      } catch (error) {
        runtime.fail(id, error);
        throw error;
      }
      runtime.move(starting, 'running', 'all containers ready');
    });
  }

  function remove(id: string, deleteData: boolean) {
    const row = runtime.load(id);
    assertTransition(row.status, 'deleting', row.name);
    return runtime.runJob(row, 'delete', async (job, docker) => {
      const revision = activeRevision(row) ?? runtime.currentRevision(row);
      const plan = revision ? await runtime.planFor(row, revision).catch(() => null) : null;
      const deleting = runtime.move(runtime.load(id), 'deleting', deleteCause(deleteData));
      job.progress({
        step: deleteData ? 'Removing containers, network and volumes' : 'Removing containers and network',
      });
      try {
        await removeDeployment(docker, id, plan, deleteData);
      } catch (error) {
        runtime.fail(id, error);
        throw error;
      }
      await finishDelete(deleting);
    });
  }

  /** The node holds nothing of the deployment any more: free its ports and secrets, and say so. */
  async function finishDelete(row: DeploymentRow): Promise<void> {
    repository.releasePorts(row.id);
    await deps.secrets.remove(row.id).catch(() => undefined);
    runtime.move(row, 'deleted', 'everything removed from the node');
  }

  /** A new revision from `source` (another template version, new variables, or an earlier revision). */
  async function replaceRevision(
    id: string,
    make: (
      row: DeploymentRow,
      previous: RevisionRow,
    ) => Promise<Omit<RevisionRow, 'deployment_id' | 'revision' | 'status' | 'created_at' | 'image_digests'>>,
    kind: 'update' | 'rollback',
  ) {
    const row = runtime.load(id);
    assertTransition(row.status, 'updating', row.name);
    const previous = activeRevision(row);
    if (!previous) throw new AppError('conflict', `${row.name} has never run; start it instead.`);
    if (runtime.hasActiveJob(id))
      throw new AppError(
        'conflict',
        `${row.name} already has an operation under way; wait for it or cancel it.`,
      );
    const next = await make(row, previous);
    const revision = (repository.revisions(id)[0]?.revision ?? 0) + 1;
    repository.addRevision({
      ...next,
      deployment_id: id,
      revision,
      status: 'pending',
      image_digests: '{}',
      created_at: runtime.now(),
    });
    const wasRunning = row.status !== 'stopped' && row.status !== 'failed';
    return runtime.runJob(row, kind, async (job, docker) => {
      const oldPlan = await runtime.planFor(row, previous);
      const oldPorts = repository.portsOf(id);
      const updating = runtime.move(
        runtime.load(id),
        'updating',
        `${kind} to ${next.template_version} (revision ${revision})`,
      );
      const nextRevision = repository.revision(id, revision);
      if (!nextRevision) throw new AppError('internal', 'revision vanished');
      try {
        const rendered = ports.engine.render(
          templateOf(nextRevision),
          await runtime.valuesOf(row, nextRevision),
          runtime.policyContext(row.node_id),
        );
        const reserved = new Set(
          repository
            .portsOnNode(row.node_id)
            .filter((p) => p.deployment_id !== id)
            .map((p) => `${p.host_port}/${p.protocol}`),
        );
        const requests = portRequests(rendered.compose).map((r) => ({
          ...r,
          preferred:
            oldPorts.find((p) => p.service === r.service && p.container_port === r.containerPort)
              ?.host_port ?? r.preferred,
        }));
        // Ports this deployment holds are listening now (its own containers); any other listener is in the way.
        const listening = await listeningPorts(ports, row.node_id, job.signal);
        for (const p of oldPorts) listening.delete(p.host_port);
        const grants = allocatePorts(requests, { reserved, listening });
        const newPlan = await runtime.planFor(runtime.load(id), nextRevision, {
          grants,
          accepted: acceptedOf(nextRevision),
        });
        await updatePlan(docker, oldPlan, newPlan, runtime.applyOptions(job));
        if (!wasRunning) await stopContainers(docker, newPlan, job.signal);
        // Ports change hands only once the new revision runs; the node lock keeps others off them meanwhile.
        repository.replacePorts(
          id,
          grants.map((g) => ({
            node_id: row.node_id,
            host_port: g.hostPort,
            deployment_id: id,
            service: g.service,
            container_port: g.containerPort,
            protocol: g.protocol,
          })),
        );
        repository.setRevisionStatus(id, previous.revision, 'superseded');
        repository.setRevisionStatus(
          id,
          revision,
          'active',
          await imageDigests(
            docker,
            newPlan.services.map((s) => s.image),
          ),
        );
        const manifest = templateOf(nextRevision).manifest;
        repository.update(
          id,
          {
            current_revision: revision,
            template_version: nextRevision.template_version,
            price_monthly_cents: manifest.price_monthly_cents,
          },
          runtime.now(),
        );
        runtime.move(
          runtime.load(id),
          wasRunning ? 'running' : 'stopped',
          `${kind} to revision ${revision} done`,
        );
      } catch (error) {
        repository.setRevisionStatus(id, revision, 'failed');
        const message = error instanceof Error ? error.message : String(error);
        runtime.move(
          updating,
          wasRunning ? 'running' : 'stopped',
          `${kind} failed and was rolled back`,
          `The ${kind} failed and revision ${previous.revision} was restored: ${message}`,
        );
        throw error;
      }
    });
  }

  const update = (
    id: string,
    change: {
      version?: string | undefined;
      variables?: Record<string, string> | undefined;
      acceptFindings?: readonly string[];
    },
  ) =>
    replaceRevision(
      id,
      async (row, previous) => {
        const version = change.version ?? previous.template_version;
        const found = ports.templates.version(row.template_id, version);
        if (!found) throw new AppError('not_found', `No version ${version} of ${row.template_name}.`);
        const report = ports.engine.validate({ manifest: found.manifest, compose: found.compose });
        if (report.errors.length > 0)
          throw new AppError(
            'invalid_input',
            `${found.templateName} ${version} has errors: ${report.errors[0]?.message ?? ''}`,
          );
        const template = { manifest: found.manifest, compose: found.compose };
        const accepted = acceptedFor(row, template, previous, change.acceptFindings ?? []);
        const existing = await deps.secrets.read(row.id);
        // Password variables live with the secrets; one left out of the change keeps its value.
        const keptPasswords = Object.fromEntries(
          found.manifest.variables
            .filter((v) => v.type === 'password' && existing[v.name] !== undefined)
            .map((v) => [v.name, existing[v.name] ?? '']),
        );
        const given = {
          ...(JSON.parse(previous.variables) as Record<string, string>),
          ...keptPasswords,
          ...change.variables,
        };
        const known = Object.fromEntries(
          Object.entries(given).filter(([name]) => found.manifest.variables.some((v) => v.name === name)),
        );
        const values = resolveValues(ports, found.manifest, known);
        const { plain, secret } = splitValues(found.manifest, values);
        const generated = ports.engine.generateSecrets(found.manifest);
        // Secrets a deployment already has stay as they are: a database keeps its password across updates.
        await deps.secrets.write(row.id, { ...generated, ...existing, ...secret });
        return {
          template_version: version,
          manifest: JSON.stringify(found.manifest),
          compose: found.compose,
          variables: JSON.stringify(plain),
          secret_names: JSON.stringify([
            ...found.manifest.secrets.map((s) => s.name),
            ...Object.keys(secret),
          ]),
          accepted_findings: JSON.stringify(accepted),
        };
      },
      'update',
    );

  const rollback = (id: string, acceptFindings: readonly string[] = []) =>
    replaceRevision(
      id,
      (row, previous) => {
        const target = repository
          .revisions(row.id)
          .find((r) => r.revision < previous.revision && r.status === 'superseded');
        if (!target)
          return Promise.reject(
            new AppError('conflict', `${row.name} has no earlier revision to roll back to.`),
          );
        // What the earlier revision asks of the node is judged against what is accepted now.
        const accepted = acceptedFor(row, templateOf(target), previous, acceptFindings);
        return Promise.resolve({
          template_version: target.template_version,
          manifest: target.manifest,
          compose: target.compose,
          variables: target.variables,
          secret_names: target.secret_names,
          accepted_findings: JSON.stringify(accepted),
        });
      },
      'rollback',
    );

  async function volumes(id: string) {
    const row = runtime.load(id);
    return deploymentVolumes(await ports.connections.docker(row.node_id), id);
  }

  return { start, stop, restart, remove, finishDelete, update, rollback, volumes };
}

export type LifecycleOperations = ReturnType<typeof createLifecycleOperations>;

import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { CreateDeploymentInput } from '@shared/contract/deployments';
import type { TemplateManifest } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import type { JobContext } from '../jobs/job-runner';
import { applyPlan, removeDeployment } from './apply-plan';
import { buildPlan, portRequests } from './build-plan';
import type { DeploymentRepository, DeploymentRow, PortAllocationRow } from './deployment-repository';
import { splitValues, type DeploymentSecrets } from './deployment-secrets';
import type { DeploymentRuntime } from './deployment-runtime';
import { templateOf } from './deployment-runtime';
import { imageDigests } from './docker-engine';
import { needsOf, placeDeployment, type Needs } from './placement';
import { allocatePorts, parseListeningPorts, type PortGrant } from './port-allocator';
import type { DeploymentPorts } from './ports';
import { acceptedOf, requireAccepted } from './policy-gate';

export interface DeployDeps {
  runtime: DeploymentRuntime;
  repository: DeploymentRepository;
  ports: DeploymentPorts;
  secrets: DeploymentSecrets;
}

/** Fills defaults, then checks every value against the template's typed variables. */
export function resolveValues(
  ports: DeploymentPorts,
  manifest: TemplateManifest,
  given: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of manifest.variables) {
    const value = given[variable.name] ?? variable.default;
    if (value !== undefined) values[variable.name] = value;
  }
  const unknown = Object.keys(given).filter((name) => !manifest.variables.some((v) => v.name === name));
  if (unknown.length > 0)
    throw new AppError('invalid_input', `The template has no variable ${unknown.join(', ')}.`, {
      field: `variables.${unknown[0] ?? ''}`,
    });
  const issue = ports.engine.checkValues(manifest, values)[0];
  if (issue)
    throw new AppError('invalid_input', issue.message, {
      field: `variables.${issue.path.split('.').pop() ?? ''}`,
    });
  return values;
}

/** Host ports the node's listening sockets already hold: read from /proc, since no CLI may be installed. */
export async function listeningPorts(
  ports: DeploymentPorts,
  nodeId: string,
  signal: AbortSignal,
): Promise<Set<number>> {
  try {
    const result = await ports.connections.exec(nodeId, 'cat /proc/net/tcp /proc/net/tcp6 2>/dev/null', {
      signal,
    });
    return parseListeningPorts(result.stdout);
  } catch {
    return new Set();
  }
}

export function createDeployOperation(deps: DeployDeps) {
  const { runtime, repository, ports } = deps;

  const needsOnNode = (nodeId: string): Needs[] =>
    repository.listOnNode(nodeId).flatMap((row) => {
      const revision = runtime.currentRevision(row);
      return revision ? [needsOf(templateOf(revision).manifest)] : [];
    });

  /** Allocates ports (keeping the ones this deployment already holds), renders, and brings the revision up. */
  async function deployRevision(row: DeploymentRow, job: JobContext, docker: Docker): Promise<void> {
    const revision = runtime.currentRevision(row);
    if (!revision) throw new AppError('internal', `${row.name} has no revision to deploy.`);
    try {
      const rendered = ports.engine.render(
        templateOf(revision),
        await runtime.valuesOf(row, revision),
        runtime.policyContext(row.node_id),
      );
      requireAccepted(rendered.findings, acceptedOf(revision), row.name);
      // A deployment that never ran starts from a clean slate: a killed earlier attempt may have left
      // containers behind (Docker finishes a create even after its sender died).
      if (row.current_revision === null) await removeDeployment(docker, row.id, null, false);
      job.progress({ step: 'Allocating ports' });
      const own = repository.portsOf(row.id);
      const reserved = new Set(
        repository
          .portsOnNode(row.node_id)
          .filter((p) => p.deployment_id !== row.id)
          .map((p) => `${p.host_port}/${p.protocol}`),
      );
      const listening = await listeningPorts(ports, row.node_id, job.signal);
      const requests = portRequests(rendered.compose).map((r) => ({
        ...r,
        preferred:
          own.find((p) => p.service === r.service && p.container_port === r.containerPort)?.host_port ??
          r.preferred,
      }));
      for (const p of own) listening.delete(p.host_port);
      const grants: PortGrant[] = allocatePorts(requests, { reserved, listening });
      repository.replacePorts(
        row.id,
        grants.map((g): PortAllocationRow => ({
          node_id: row.node_id,
          host_port: g.hostPort,
          deployment_id: row.id,
          service: g.service,
          container_port: g.containerPort,
          protocol: g.protocol,
        })),
      );
      let current = row.status === 'pending' ? runtime.move(row, 'scheduled', 'ports allocated') : row;
      current = runtime.move(current, 'starting', 'deploying');
      const plan = buildPlan({
        deploymentId: row.id,
        project: row.name,
        revision: revision.revision,
        compose: rendered.compose,
        exposure: row.exposure,
        ports: grants,
        files: rendered.files,
      });
      await applyPlan(docker, plan, runtime.applyOptions(job));
      repository.setRevisionStatus(
        row.id,
        revision.revision,
        'active',
        await imageDigests(
          docker,
          plan.services.map((s) => s.image),
        ),
      );
      repository.update(row.id, { current_revision: revision.revision }, runtime.now());
      runtime.move(current, 'running', 'all containers ready');
    } catch (error) {
      repository.releasePorts(row.id);
      repository.setRevisionStatus(row.id, revision.revision, 'failed');
      runtime.fail(row.id, error);
      throw error;
    }
  }

  async function create(
    input: CreateDeploymentInput & { nodeId: string; name: string; templateId: string; version: string },
  ) {
    const found = ports.templates.version(input.templateId, input.version);
    if (!found)
      throw new AppError('not_found', `No template ${input.templateId} at version ${input.version}.`);
    const template = { manifest: found.manifest, compose: found.compose };
    const values = resolveValues(ports, found.manifest, input.variables ?? {});
    const node = placeDeployment(
      ports.nodes.list(),
      input.nodeId,
      input.tags ?? [],
      needsOf(found.manifest),
      found.templateName,
      needsOnNode,
    );
    const report = ports.engine.validate(template, runtime.policyContext(node.id));
    if (report.errors.length > 0)
      throw new AppError(
        'invalid_input',
        `${found.templateName} ${input.version} has errors and cannot be deployed: ${report.errors[0]?.message ?? ''}`,
      );
    requireAccepted(report.findings, input.acceptFindings ?? [], input.name);
    if (repository.findByName(node.id, input.name))
      throw new AppError(
        'conflict',
        `${node.name} already has a deployment named ${input.name}; pick another name.`,
        { field: 'name' },
      );

    const id = randomUUID();
    const { plain, secret } = splitValues(found.manifest, values);
    await deps.secrets.write(id, { ...ports.engine.generateSecrets(found.manifest), ...secret });
    const at = runtime.now();
    let row: DeploymentRow;
    try {
      row = repository.create(
        {
          id,
          name: input.name,
          node_id: node.id,
          template_id: input.templateId,
          template_name: found.templateName,
          template_version: input.version,
          customer_id: input.customerId ?? null,
          exposure: input.exposure ?? 'private',
          price_monthly_cents: found.manifest.price_monthly_cents,
          price_override_cents: input.priceOverrideCents ?? null,
          created_at: at,
        },
        'deploy requested',
      );
      repository.addRevision({
        deployment_id: id,
        revision: 1,
        template_version: input.version,
        manifest: JSON.stringify(found.manifest),
        compose: found.compose,
        variables: JSON.stringify(plain),
        secret_names: JSON.stringify([...found.manifest.secrets.map((s) => s.name), ...Object.keys(secret)]),
        image_digests: '{}',
        status: 'pending',
        created_at: at,
        accepted_findings: JSON.stringify(report.findings.map((finding) => finding.key).sort()),
      });
    } catch (error) {
      await deps.secrets.remove(id);
      throw error;
    }
    runtime.announceCreated(row, 'deploy requested');
    return runtime.runJob(row, 'deploy', (job, docker) => deployRevision(runtime.load(id), job, docker));
  }

  return { create, deployRevision, needsOnNode };
}

export type DeployOperation = ReturnType<typeof createDeployOperation>;

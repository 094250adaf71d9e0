import type { MethodInput, MethodOutput } from '../../src/shared/contract';
import type { busyboxTemplate } from './busybox-template';
import type { TestCore } from './test-core';

/** Creates a template and publishes its version, as an author would; returns the template's id. */
export async function publishTemplate(
  t: Pick<TestCore, 'call'>,
  template: Pick<ReturnType<typeof busyboxTemplate>, 'compose'> & { manifest: { version: string } },
): Promise<string> {
  const created = await t.call('templates:create', template);
  await t.call('templates:publish', { id: created.summary.id, version: template.manifest.version });
  return created.summary.id;
}

/** Deploys, waits for every job to end, and returns the deployment as it then is, with the deploy's job id. */
export async function deployAndSettle(
  t: Pick<TestCore, 'call' | 'core'>,
  input: MethodInput<'deployments:create'>,
): Promise<MethodOutput<'deployments:get'> & { jobId: string }> {
  const { deploymentId, jobId } = await t.call('deployments:create', input);
  await t.core.jobs.settled();
  return { ...(await t.call('deployments:get', { id: deploymentId })), jobId };
}

import type Docker from 'dockerode';
import type { DeploymentImage } from '@shared/contract/inventory';
import { statusOf } from '../docker/engine-context';
import { labels } from './compose-labels';
import type { DeploymentRepository } from './deployment-repository';
import type { Deployment } from './deployment-types';

/** `busybox` is `busybox:latest` to the engine; a digest or an id stays as written. */
const withTag = (reference: string) =>
  reference.includes('@') || reference.startsWith('sha256:') || /:[^/]+$/.test(reference)
    ? reference
    : `${reference}:latest`;

/** The references and digests (`busybox:1`, `busybox@sha256:…`) a deployment's current revision runs. */
export const revisionImages = (repository: DeploymentRepository, deployment: Deployment): string[] =>
  Object.entries(repository.currentRevision(deployment)?.imageDigests ?? {}).flat();

/**
 * What the other deployments on the node run by their current revision: one held stopped for a
 * restore has no containers, and starts again from these.
 */
export const imagesOfOthers = (repository: DeploymentRepository, deployment: Deployment): string[] =>
  repository
    .list()
    .filter(
      (other) =>
        other.nodeId === deployment.nodeId && other.id !== deployment.id && other.status !== 'deleted',
    )
    .flatMap((other) => revisionImages(repository, other));

/**
 * The images a deployment's containers run that no other container on the node uses and no other
 * deployment's revision names (`kept`), each by the reference the deployment ran. Asked before its
 * containers go, since afterwards nothing says which.
 */
export async function imagesOnlyUsedBy(
  docker: Docker,
  deploymentId: string,
  kept: readonly string[],
): Promise<DeploymentImage[]> {
  const [containers, images] = await Promise.all([docker.listContainers({ all: true }), docker.listImages()]);
  const isOurs = (labelled: Record<string, string>) => labelled[labels.deployment] === deploymentId;
  const usedElsewhere = new Set(containers.filter((c) => !isOurs(c.Labels)).map((c) => c.ImageID));
  const byId = new Map(images.map((image) => [image.Id, image]));
  const found = new Map<string, DeploymentImage>();
  for (const container of containers.filter((c) => isOurs(c.Labels))) {
    const image = byId.get(container.ImageID);
    if (!image || usedElsewhere.has(image.Id)) continue;
    const reference = withTag(container.Image);
    const tags = (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
    const names = [image.Id, reference, ...tags, ...(image.RepoDigests ?? [])];
    if (names.some((name) => kept.includes(name))) continue;
    found.set(reference, {
      reference,
      id: image.Id,
      bytes: image.Size,
      otherTags: tags.filter((tag) => tag !== reference),
    });
  }
  return [...found.values()].sort((a, b) => a.reference.localeCompare(b.reference));
}

/**
 * Removes each reference without force, once the deployment's containers are gone: the engine then
 * deletes an image whose last tag this was and refuses one a container started since still uses
 * (skipped, as is one already gone). Another tag of the same image keeps it.
 */
export async function removeImageReferences(
  docker: Docker,
  images: readonly DeploymentImage[],
): Promise<string[]> {
  const removed: string[] = [];
  for (const { reference } of images) {
    try {
      await docker.getImage(reference).remove();
      removed.push(reference);
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error;
    }
  }
  return removed;
}

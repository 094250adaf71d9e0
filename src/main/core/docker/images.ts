import type Docker from 'dockerode';
import { AppError } from '@shared/result';
import { statusOf, type EngineContext } from './engine-context';
import { engineReason, isRegistryLoginRefused } from './engine-reason';
import { readPullStream, type PullProgress } from './streams';

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

/** Why a pull failed, in words that say what to do; a registry that wants a login gets its own advice. */
function pullError(image: string, error: unknown, auth: Docker.AuthConfig | undefined): AppError {
  const reason = engineReason(error);
  if (isRegistryLoginRefused(error)) {
    const advice = auth
      ? 'The registry refused the saved login: update it under Keys → Registry logins.'
      : 'The registry wants a login (or the image does not exist): add one under Keys → Registry logins.';
    return new AppError('auth_failed', `The node could not pull ${image}: ${reason}. ${advice}`, {
      cause: error,
    });
  }
  return new AppError(
    'not_found',
    `The node could not pull ${image}: ${reason}. Check the image name and tag, and that the node can reach its registry.`,
    { cause: error },
  );
}

/** Pulls every image the node lacks, one after another, reporting per-layer progress. */
export async function pullMissingImages(
  docker: Docker,
  images: readonly string[],
  context: EngineContext,
): Promise<void> {
  const missing: string[] = [];
  for (const image of new Set(images)) if (!(await imageExists(docker, image))) missing.push(image);
  await pullImages(docker, missing, context);
}

/** Pulls each image from its registry, present or not (what an upgrade to a moved tag needs). */
export async function pullImages(docker: Docker, images: readonly string[], context: EngineContext): Promise<void> {
  for (const [index, image] of images.entries()) {
    context.step(`Pulling ${image}`, 0, `${index + 1} of ${images.length}`);
    const auth = await context.registryAuth?.(image);
    try {
      const stream = await docker.pull(image, auth ? { authconfig: auth } : {});
      await readPullStream(
        stream,
        (progress: PullProgress) => context.step(`Pulling ${image}`, progress.fraction, progress.status),
        context.signal,
      );
    } catch (error) {
      if (context.signal.aborted) throw error;
      throw pullError(image, error, auth);
    }
  }
}

export async function imageDigests(
  docker: Docker,
  images: readonly string[],
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const image of new Set(images)) {
    const info = await docker.getImage(image).inspect();
    digests[image] = info.RepoDigests[0] ?? info.Id;
  }
  return digests;
}

import type Docker from 'dockerode';
import type { NormalizedService } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import { engineReason } from '../docker/engine-reason';

/**
 * A service's GPU requests and runtime as Docker takes them. A service without them gets neither
 * field, so the config hash of every other container stays what it was.
 */
export function gpuHostConfig(
  service: NormalizedService,
): Pick<Docker.HostConfig, 'DeviceRequests' | 'Runtime'> {
  return {
    ...(service.gpus.length > 0
      ? {
          DeviceRequests: service.gpus.map((gpu) => ({
            Driver: gpu.driver ?? '',
            Count: gpu.count ?? 0,
            DeviceIDs: gpu.deviceIds,
            Capabilities: gpu.capabilities.length > 0 ? [gpu.capabilities] : [],
            Options: gpu.options,
          })),
        }
      : {}),
    ...(service.runtime === null ? {} : { Runtime: service.runtime }),
  };
}

const TOOLKIT =
  'Install the NVIDIA driver and the NVIDIA Container Toolkit on the node (then `sudo nvidia-ctk runtime configure --runtime=docker` and restart Docker)';

/**
 * Docker's refusal of a GPU request or the nvidia runtime on a node that has no GPU support for
 * containers, in words that say what to do; null for any other error.
 */
export function gpuRefusal(error: unknown, service: string): AppError | null {
  const reason = engineReason(error);
  if (/could not select device driver/i.test(reason))
    return new AppError(
      'unsupported',
      `${service} asks for the node's GPUs, but the node has no GPU driver for Docker (Docker said: ${reason}). ${TOOLKIT}, or remove the GPU request from the template.`,
      { details: { service }, cause: error },
    );
  // Docker 23 and later say "Unknown runtime specified"; earlier ones "unknown or invalid runtime name".
  if (/unknown runtime specified|unknown or invalid runtime name/i.test(reason))
    return new AppError(
      'unsupported',
      `${service} runs in a runtime the node's Docker does not have (Docker said: ${reason}). ${TOOLKIT}, or remove runtime from the template.`,
      { details: { service }, cause: error },
    );
  return null;
}

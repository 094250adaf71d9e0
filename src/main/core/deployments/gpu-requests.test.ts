import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/result';
import { validateTemplate } from '../templates';
import { manifestFor } from '../templates/test-support';
import { buildPlan } from './build-plan';
import { gpuRefusal } from './gpu-requests';

const planOf = (service: string) => {
  const checked = validateTemplate({
    manifest: manifestFor(),
    compose: `services:\n  ml:\n    image: ollama/ollama:0.5.7\n    restart: always\n${service}`,
  });
  if (!checked.compose) throw new Error(checked.errors.map((e) => e.message).join(' '));
  return buildPlan({
    deploymentId: 'd1',
    project: 'ml',
    revision: 1,
    compose: checked.compose,
    exposure: 'private',
    ports: [],
    files: [],
  });
};

const hostConfigOf = (service: string) => planOf(service).services[0]?.options.HostConfig;

/** How dockerode reports an engine's refusal. */
const engineError = (message: string) =>
  Object.assign(new Error(`(HTTP code 500) server error - ${message}`), {
    statusCode: 500,
    json: { message },
  });

describe('GPU requests as Docker create options', () => {
  it('turns a reservation for every GPU into a device request with Count -1', () => {
    expect(
      hostConfigOf(
        '    deploy:\n      resources:\n        reservations:\n          devices: [{ driver: nvidia, count: all, capabilities: [gpu] }]\n',
      ),
    ).toMatchObject({
      DeviceRequests: [{ Driver: 'nvidia', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }],
    });
  });

  it('names GPUs by id, keeps the driver options, and leaves the driver for Docker to pick when none is given', () => {
    expect(
      hostConfigOf(
        "    gpus:\n      - { device_ids: ['0', '2'], capabilities: [gpu, utility], options: { a: b } }\n",
      )?.DeviceRequests,
    ).toEqual([
      {
        Driver: '',
        Count: 0,
        DeviceIDs: ['0', '2'],
        Capabilities: [['gpu', 'utility']],
        Options: { a: 'b' },
      },
    ]);
    expect(hostConfigOf('    gpus: 1\n')?.DeviceRequests).toEqual([
      { Driver: '', Count: 1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} },
    ]);
  });

  it('turns runtime: nvidia into HostConfig.Runtime', () => {
    expect(hostConfigOf('    runtime: nvidia\n')).toMatchObject({ Runtime: 'nvidia' });
  });

  it('adds neither field to a service without GPUs, so its container config hash stays as it was', () => {
    const hostConfig = hostConfigOf('');
    expect(hostConfig).not.toHaveProperty('DeviceRequests');
    expect(hostConfig).not.toHaveProperty('Runtime');
    expect(planOf('    gpus: all\n').services[0]?.configHash).not.toBe(planOf('').services[0]?.configHash);
  });
});

describe("Docker's refusal of a GPU request", () => {
  it('says the node has no GPU driver for Docker and what to do', () => {
    const error = gpuRefusal(
      engineError('could not select device driver "" with capabilities: [[gpu]]'),
      'ml',
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error?.code).toBe('unsupported');
    expect(error?.message).toMatch(
      /^ml asks for the node's GPUs, but the node has no GPU driver for Docker \(Docker said: could not select device driver "" with capabilities: \[\[gpu\]\]\)\. Install the NVIDIA driver and the NVIDIA Container Toolkit on the node .*, or remove the GPU request from the template\.$/,
    );
  });

  it.each(['Unknown runtime specified nvidia', 'unknown or invalid runtime name: nvidia'])(
    'says the node lacks the nvidia runtime and what to do (%s)',
    (said) => {
      expect(gpuRefusal(engineError(said), 'ml')?.message).toMatch(
        /^ml runs in a runtime the node's Docker does not have .*nvidia-ctk runtime configure --runtime=docker.*, or remove runtime from the template\.$/,
      );
    },
  );

  it('leaves any other error alone', () => {
    expect(gpuRefusal(engineError('No such image: ollama/ollama:0.5.7'), 'ml')).toBeNull();
  });
});

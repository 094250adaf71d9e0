import { describe, expect, it } from 'vitest';
import { manifestFor } from './test-support';
import { validateTemplate } from './validate-template';

const check = (service: string) =>
  validateTemplate({
    manifest: manifestFor(),
    compose: `services:\n  ml:\n    image: ollama/ollama:0.5.7\n    restart: always\n${service}`,
  });

const reserved = (device: string) =>
  `    deploy:\n      resources:\n        reservations:\n          devices:\n            - ${device}\n`;

const serviceOf = (service: string) => {
  const result = check(service);
  expect(result.errors).toEqual([]);
  return result.compose?.services[0];
};

const errorsOf = (service: string) => check(service).errors.map((e) => `${e.path}: ${e.message}`);

describe('GPU requests in a compose file', () => {
  it('reads a reservation for every nvidia GPU as a device request', () => {
    expect(serviceOf(reserved('{ driver: nvidia, count: all, capabilities: [gpu] }'))).toMatchObject({
      gpus: [{ driver: 'nvidia', count: -1, deviceIds: [], capabilities: ['gpu'], options: {} }],
      runtime: null,
    });
  });

  it('reads a count, named GPUs, several capabilities and driver options', () => {
    expect(serviceOf(reserved('{ capabilities: [gpu, utility], count: 2 }'))?.gpus).toEqual([
      { driver: null, count: 2, deviceIds: [], capabilities: ['gpu', 'utility'], options: {} },
    ]);
    expect(
      serviceOf(
        reserved(
          "{ driver: nvidia, device_ids: ['0', 'GPU-3a2f'], capabilities: [compute], options: { mig: 1 } }",
        ),
      )?.gpus,
    ).toEqual([
      {
        driver: 'nvidia',
        count: null,
        deviceIds: ['0', 'GPU-3a2f'],
        capabilities: ['compute'],
        options: { mig: '1' },
      },
    ]);
    expect(
      serviceOf(reserved('{ capabilities: [gpu], options: ["mig=1", "profile=a=b"] }'))?.gpus[0]?.options,
    ).toEqual({
      mig: '1',
      profile: 'a=b',
    });
  });

  it('takes a reservation without count as every GPU, as compose does', () => {
    expect(serviceOf(reserved('{ capabilities: [gpu] }'))?.gpus[0]?.count).toBe(-1);
  });

  it('reads gpus: all, gpus: N and a gpus list, whose capabilities default to gpu', () => {
    expect(serviceOf('    gpus: all\n')?.gpus).toEqual([
      { driver: null, count: -1, deviceIds: [], capabilities: ['gpu'], options: {} },
    ]);
    expect(serviceOf('    gpus: 1\n')?.gpus[0]?.count).toBe(1);
    expect(serviceOf("    gpus:\n      - { driver: nvidia, device_ids: ['1'] }\n")?.gpus).toEqual([
      { driver: 'nvidia', count: null, deviceIds: ['1'], capabilities: ['gpu'], options: {} },
    ]);
  });

  it('reads runtime: nvidia', () => {
    expect(serviceOf('    runtime: nvidia\n')).toMatchObject({ runtime: 'nvidia', gpus: [] });
  });
});

describe('devices that are not GPU requests', () => {
  it('keeps refusing devices that are not GPUs, paths as GPU ids and other runtimes', () => {
    expect(errorsOf(reserved('{ driver: rocm, count: 1, capabilities: [gpu] }'))).toEqual([
      expect.stringMatching(/reservations\.devices\[0\]\.driver: The device driver "rocm" is not supported/),
    ]);
    expect(errorsOf(reserved('{ capabilities: [tpu] }'))).toEqual([
      expect.stringMatching(/"tpu" is not a GPU capability/),
    ]);
    expect(errorsOf(reserved('{ driver: nvidia, device_ids: [/dev/nvidia0], capabilities: [gpu] }'))).toEqual(
      [
        expect.stringMatching(
          /"\/dev\/nvidia0" is not a GPU: .*a device path such as \/dev\/… goes under devices/,
        ),
      ],
    );
    expect(errorsOf(reserved('{ count: 1, device_ids: ["0"], capabilities: [gpu] }'))).toEqual([
      expect.stringMatching(/Set count or device_ids, not both/),
    ]);
    expect(errorsOf(reserved('{ count: 0, capabilities: [gpu] }'))).toEqual([
      expect.stringMatching(/count is "all" or how many GPUs/),
    ]);
    expect(errorsOf('    runtime: runsc\n')).toEqual([
      expect.stringMatching(/The runtime "runsc" is not supported; leave runtime out .* or use nvidia/),
    ]);
  });
});

describe('GPU findings', () => {
  it('makes each GPU request and the nvidia runtime a finding the user must accept', () => {
    const { findings } = check(
      `${reserved('{ driver: nvidia, count: all, capabilities: [gpu] }')}    runtime: nvidia\n`,
    );
    expect(findings).toEqual([
      {
        key: 'gpu:ml:nvidia:all:gpu',
        rule: 'gpu',
        service: 'ml',
        field: 'services.ml',
        message:
          "ml: uses the node's GPUs (nvidia, all of them): the container gets direct access to the graphics card.",
      },
      {
        key: 'runtime:ml:nvidia',
        rule: 'runtime',
        service: 'ml',
        field: 'services.ml.runtime',
        message:
          "ml: runs in the node's nvidia runtime: the container gets direct access to the graphics card.",
      },
    ]);
    expect(check('    gpus: 2\n').findings.map((f) => f.message)).toEqual([
      "ml: uses the node's GPUs (any GPU driver, 2 GPUs): the container gets direct access to the graphics card.",
    ]);
  });

  it('gives a request for other GPUs a finding of its own, so a yes to one does not cover the other', () => {
    const keys = (device: string) => check(reserved(device)).findings.map((f) => f.key);
    expect(keys("{ driver: nvidia, device_ids: ['0'], capabilities: [gpu] }")).toEqual([
      'gpu:ml:nvidia:0:gpu',
    ]);
    expect(keys("{ driver: nvidia, device_ids: ['1'], capabilities: [gpu] }")).toEqual([
      'gpu:ml:nvidia:1:gpu',
    ]);
  });
});

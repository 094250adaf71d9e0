import { describe, expect, it } from 'vitest';
import type { NormalizedCompose, NormalizedService } from '@shared/contract/template-model';
import { service } from '../../../../tests/helpers/compose-fixtures';
import { updateStrategy } from './update-plan';

const web = (fields: Partial<NormalizedService> = {}) =>
  service('web', { ports: [{ target: 80, published: 8080, protocol: 'tcp', hostIp: null }], ...fields });
const composeOf = (...services: NormalizedService[]): NormalizedCompose => ({
  services,
  networks: [],
  volumes: [],
});
const volume = (source: string | null, readOnly: boolean) =>
  ({ type: 'volume', source, target: '/data', readOnly, noCopy: false }) as const;

describe('updateStrategy', () => {
  it('runs a private, stateless app alongside: its ports are reached through the app, which follows the switch', () => {
    expect(updateStrategy('private', composeOf(web(), service('worker', {})), true)).toEqual({
      kind: 'alongside',
    });
  });

  it.each([
    ['public ports', 'public', composeOf(web()), true, 'the public ports of web cannot be held by two revisions at once'],
    ['a stopped deployment', 'private', composeOf(web()), false, 'it is not running'],
    [
      'a shared network namespace',
      'private',
      composeOf(web(), service('sidecar', { networkMode: 'service:web' })),
      true,
      'sidecar shares the network of service:web',
    ],
    [
      'a named volume written to',
      'private',
      composeOf(web(), service('db', { mounts: [volume('data', false)] })),
      true,
      'two copies of db must not write to data at once',
    ],
    [
      'a host folder written to',
      'private',
      composeOf(
        web({
          mounts: [
            {
              type: 'bind',
              source: '/srv/site',
              target: '/www',
              readOnly: false,
              propagation: null,
              selinux: null,
              createHostPath: false,
            },
          ],
        }),
      ),
      true,
      'two copies of web must not write to /srv/site at once',
    ],
  ] as const)('replaces the running revision with %s', (_, exposure, compose, wasRunning, reason) => {
    expect(updateStrategy(exposure, compose, wasRunning)).toEqual({ kind: 'replace', reason });
  });

  it('still runs alongside with read-only, anonymous and tmpfs mounts, and a public app that publishes nothing', () => {
    const mounts = [
      volume('data', true),
      volume(null, false),
      { type: 'tmpfs', target: '/tmp', sizeBytes: null, mode: null } as const,
    ];
    expect(updateStrategy('private', composeOf(web({ mounts })), true).kind).toBe('alongside');
    expect(updateStrategy('public', composeOf(service('worker', { mounts })), true).kind).toBe('alongside');
  });
});

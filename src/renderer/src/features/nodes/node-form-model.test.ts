import { describe, expect, it } from 'vitest';
import { emptyNodeForm, fromSshConfigHost, parseCents, toNodeFields } from './node-form-model';

describe('node form fields', () => {
  it('turns typed text into contract fields', () => {
    expect(
      toNodeFields({
        ...emptyNodeForm,
        name: ' web ',
        host: ' 10.0.0.5 ',
        port: '2222',
        keyId: 'key_1',
        tags: 'prod, eu ,',
        monthlyCost: '12,50',
      }),
    ).toEqual({
      name: 'web',
      host: '10.0.0.5',
      port: 2222,
      user: 'root',
      auth: 'key',
      keyId: 'key_1',
      jumpNodeId: null,
      dockerSocket: '/var/run/docker.sock',
      tags: ['prod', 'eu'],
      monthlyCostCents: 1250,
    });
  });

  it('starts with the socket empty and sends the default, which the core then looks for; a typed one is sent as typed', () => {
    expect(emptyNodeForm.dockerSocket).toBe('');
    expect(toNodeFields(emptyNodeForm).dockerSocket).toBe('/var/run/docker.sock');
    expect(
      toNodeFields({ ...emptyNodeForm, dockerSocket: ' /run/user/1000/docker.sock ' }).dockerSocket,
    ).toBe('/run/user/1000/docker.sock');
  });

  it('drops the key when the agent logs in', () => {
    expect(toNodeFields({ ...emptyNodeForm, auth: 'agent', keyId: 'key_1' }).keyId).toBeNull();
  });

});

describe('node form values', () => {
  it('reads money as cents and ignores what is not a positive number', () => {
    expect(parseCents('5')).toBe(500);
    expect(parseCents('0.015')).toBe(2);
    expect(parseCents('abc')).toBe(0);
    expect(parseCents('-3')).toBe(0);
  });

  it('prefills from an ssh config host and keeps the user when the config names none', () => {
    const values = fromSshConfigHost(
      {
        alias: 'db',
        host: 'db.internal',
        port: 22,
        user: null,
        identityFile: null,
        proxyJump: 'bastion',
        keyId: null,
        jumpNodeId: 'node_b',
      },
      { ...emptyNodeForm, user: 'deploy', keyId: 'key_1' },
    );
    expect(values).toMatchObject({
      name: 'db',
      host: 'db.internal',
      port: '22',
      user: 'deploy',
      keyId: 'key_1',
      jumpNodeId: 'node_b',
    });
  });
});

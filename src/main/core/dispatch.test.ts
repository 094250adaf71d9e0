import { describe, expect, it } from 'vitest';
import type { Handlers } from '@shared/contract';
import { AppError } from '@shared/result';
import { createDispatcher } from './dispatch';
import { silentLogger } from './logger';

function handlersWith(overrides: Partial<Handlers>): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const fail = (name: string) => () => {
    calls.push(name);
    throw new Error(`${name} was not expected`);
  };
  const handlers = new Proxy({} as Handlers, {
    get: (_target, name: string) => (overrides as Record<string, unknown>)[name] ?? fail(name),
  });
  return { handlers, calls };
}

const job = {
  id: 'j1',
  kind: 'deploy',
  target: null,
  status: 'running',
  progress: null,
  error: null,
  createdAt: 'a',
  updatedAt: 'b',
} as const;

describe('dispatcher: what goes in', () => {
  it('rejects a wrong shape with invalid_input naming the field, without calling the core', async () => {
    const { handlers, calls } = handlersWith({});
    const result = await createDispatcher(handlers, silentLogger)('settings:update', {
      appearance: { theme: 'purple' },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'appearance.theme' } });
    expect(calls).toEqual([]);
  });

  it('refuses a method outside the contract', async () => {
    const { handlers, calls } = handlersWith({});
    const result = await createDispatcher(handlers, silentLogger)('nodes:format-disk', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(calls).toEqual([]);
  });

  it('passes the parsed input, with defaults applied, to the handler', async () => {
    let received: unknown;
    const { handlers } = handlersWith({
      'jobs:list': (input) => {
        received = input;
        return [];
      },
    });
    const result = await createDispatcher(handlers, silentLogger)('jobs:list', {});
    expect(result).toEqual({ ok: true, value: [] });
    expect(received).toEqual({ limit: 50 });
  });
});

describe('dispatcher: what comes out', () => {
  it('carries an AppError across as its code and message', async () => {
    const { handlers } = handlersWith({
      'jobs:get': () => {
        throw new AppError('not_found', 'No job with id x.');
      },
    });
    const result = await createDispatcher(handlers, silentLogger)('jobs:get', { id: 'x' });
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'No job with id x.' } });
  });

  it('never lets a raw error or its stack cross', async () => {
    const logged: string[] = [];
    const { handlers } = handlersWith({
      'jobs:get': () => {
        throw new Error('secret detail at /home/user/.ssh/id_ed25519');
      },
    });
    const logger = { ...silentLogger, error: (message: string) => logged.push(message) };
    const result = await createDispatcher(handlers, logger)('jobs:get', { id: 'x' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('id_ed25519');
    expect(JSON.stringify(result)).not.toContain('at ');
    expect(result).toMatchObject({ error: { code: 'internal' } });
    expect(logged).toHaveLength(1);
  });

  it('strips fields the contract does not declare from the answer', async () => {
    const { handlers } = handlersWith({
      'jobs:get': () => ({ ...job, privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----' }) as never,
    });
    const result = await createDispatcher(handlers, silentLogger)('jobs:get', { id: 'j1' });
    expect(result).toEqual({ ok: true, value: job });
  });
});

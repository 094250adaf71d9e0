import { describe, expect, it } from 'vitest';
import { createApiClient } from '@shared/api-client';
import { methodNames, type Bridge } from '@shared/contract';
import type { DeploymentSummary } from '@shared/contract/deployment-model';
import type { Job } from '@shared/contract/jobs';
import type { AppErrorData } from '@shared/result';
import { applyJobChange, applySummary, applyTransition } from './deployments-slice';
import { createAppStore } from './index';

const job = (id: string, updatedAt: string, step?: string, fraction?: number): Job => ({
  id,
  kind: 'deployment:deploy',
  target: 'd1',
  status: 'running',
  progress: step === undefined ? null : { step, ...(fraction === undefined ? {} : { fraction }) },
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
});

const summary = (id: string, status: DeploymentSummary['status']): DeploymentSummary => ({
  id,
  name: id,
  nodeId: 'n1',
  templateId: 't1',
  templateName: 'T',
  templateVersion: '1.0.0',
  customerId: null,
  status,
  reachability: { nodeReachable: true, since: null },
  updateAvailable: null,
  exposure: 'private',
  priceMonthlyCents: 0,
  url: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('applyJobChange', () => {
  it('appends new steps and updates a repeated one in place, keeping when it began', () => {
    let feed = applyJobChange(undefined, job('j1', '2026-01-01T00:00:01.000Z', 'Connecting'));
    feed = applyJobChange(feed, job('j1', '2026-01-01T00:00:02.000Z', 'Pulling app', 0.1));
    feed = applyJobChange(feed, job('j1', '2026-01-01T00:00:03.000Z', 'Pulling app', 0.6));
    expect(feed.entries).toEqual([
      { at: '2026-01-01T00:00:01.000Z', step: 'Connecting' },
      { at: '2026-01-01T00:00:02.000Z', step: 'Pulling app', fraction: 0.6 },
    ]);
  });

  it('starts over for another job and ignores a reply older than what it has', () => {
    const first = applyJobChange(undefined, job('j1', '2026-01-01T00:00:05.000Z', 'Starting web'));
    expect(applyJobChange(first, job('j1', '2026-01-01T00:00:04.000Z', 'Connecting'))).toBe(first);
    expect(applyJobChange(first, job('j2', '2026-01-01T00:00:06.000Z', 'Stopping')).entries).toEqual([
      { at: '2026-01-01T00:00:06.000Z', step: 'Stopping' },
    ]);
  });

  it('keeps the entries when a change carries no progress', () => {
    const feed = applyJobChange(undefined, job('j1', '2026-01-01T00:00:01.000Z', 'Connecting'));
    expect(
      applyJobChange(feed, { ...job('j1', '2026-01-01T00:00:02.000Z'), status: 'succeeded' }).entries,
    ).toHaveLength(1);
  });
});

describe('applyTransition', () => {
  const at = '2026-01-01T00:00:00.000Z';
  it('replaces, adds and removes deployments', () => {
    const list = [summary('a', 'running'), summary('b', 'stopped')];
    expect(
      applyTransition(list, {
        deployment: summary('b', 'starting'),
        from: 'stopped',
        to: 'starting',
        at,
        cause: 'start',
      })?.map((d) => d.status),
    ).toEqual(['running', 'starting']);
    expect(
      applyTransition(list, {
        deployment: summary('c', 'pending'),
        from: null,
        to: 'pending',
        at,
        cause: 'new',
      })?.map((d) => d.id),
    ).toEqual(['c', 'a', 'b']);
    expect(
      applyTransition(list, {
        deployment: summary('a', 'deleted'),
        from: 'deleting',
        to: 'deleted',
        at,
        cause: 'gone',
      })?.map((d) => d.id),
    ).toEqual(['b']);
  });

  it('leaves a list not loaded yet alone', () => {
    expect(
      applyTransition(null, {
        deployment: summary('a', 'running'),
        from: null,
        to: 'running',
        at,
        cause: 'x',
      }),
    ).toBeNull();
  });
});

describe('applySummary', () => {
  it('replaces a listed deployment in place and leaves a list not loaded yet alone', () => {
    const list = [summary('a', 'running'), summary('b', 'stopped')];
    const changed = { ...summary('b', 'stopped'), customerId: 'cus_1' };
    expect(applySummary(list, changed)).toEqual([list[0], changed]);
    expect(applySummary(null, changed)).toBeNull();
  });
});

/**
 * A bridge that records every call: the list holds `a` and `b`; set-customer answers with the
 * deployment under its new customer, or with `failure` when given; anything else is unexpected.
 */
function customerBridge(calls: { method: string; input: unknown }[], failure?: AppErrorData): Bridge {
  const bridge: Record<string, unknown> = { on: () => () => undefined };
  const answer = (method: string, value: (input: unknown) => unknown) => (input: unknown) => {
    calls.push({ method, input });
    return Promise.resolve({ ok: true, value: value(input) });
  };
  for (const name of methodNames)
    bridge[name] = () =>
      Promise.resolve({ ok: false, error: { code: 'internal', message: `unexpected ${name}` } });
  bridge['deployments:list'] = answer('deployments:list', () => [
    summary('a', 'running'),
    summary('b', 'stopped'),
  ]);
  bridge['deployments:set-customer'] = failure
    ? (input: unknown) => {
        calls.push({ method: 'deployments:set-customer', input });
        return Promise.resolve({ ok: false, error: failure });
      }
    : answer('deployments:set-customer', (input) => {
        const { id, customerId } = input as { id: string; customerId: string | null };
        return { ...summary(id, 'stopped'), customerId, priceMonthlyCents: 900 };
      });
  return bridge as Bridge;
}

describe('setDeploymentCustomer', () => {
  it('calls deployments:set-customer with the customer and price, and the list takes the answer', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const store = createAppStore(createApiClient(customerBridge(calls)));
    await store.getState().loadDeployments();
    await store.getState().setDeploymentCustomer({ id: 'b', customerId: 'cus_1', priceOverrideCents: 900 });
    expect(calls.at(-1)).toEqual({
      method: 'deployments:set-customer',
      input: { id: 'b', customerId: 'cus_1', priceOverrideCents: 900 },
    });
    expect(store.getState().deployments?.map((d) => [d.id, d.customerId, d.priceMonthlyCents])).toEqual([
      ['a', null, 0],
      ['b', 'cus_1', 900],
    ]);
  });

  it('clears the customer with null and leaves the price out when none was given', async () => {
    const calls: { method: string; input: unknown }[] = [];
    const store = createAppStore(createApiClient(customerBridge(calls)));
    await store.getState().setDeploymentCustomer({ id: 'a', customerId: null });
    expect(calls).toEqual([{ method: 'deployments:set-customer', input: { id: 'a', customerId: null } }]);
    expect(store.getState().deployments).toBeNull();
  });

  it("rejects with the core's error and leaves the list as it was", async () => {
    const calls: { method: string; input: unknown }[] = [];
    const missing = { code: 'not_found', message: 'No customer cus_9.' } as const;
    const store = createAppStore(createApiClient(customerBridge(calls, missing)));
    await store.getState().loadDeployments();
    const before = store.getState().deployments;
    await expect(
      store.getState().setDeploymentCustomer({ id: 'a', customerId: 'cus_9' }),
    ).rejects.toMatchObject(missing);
    expect(store.getState().deployments).toBe(before);
  });
});

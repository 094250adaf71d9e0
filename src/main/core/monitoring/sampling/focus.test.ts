import { describe, expect, it } from 'vitest';
import { createFocus, FOCUS_LEASE_SECONDS } from './focus';

describe('focus', () => {
  it('joins the views, reports only what newly came into focus, and lets a lease lapse', () => {
    let now = 0;
    const focus = createFocus({ now: () => new Date(now) });
    const added: string[][] = [];
    focus.onFocused(({ deploymentIds, nodeIds }) => added.push([...deploymentIds, ...nodeIds]));
    focus.set('detail', ['d1'], []);
    focus.set('fleet', ['d1'], ['n1']);
    focus.set('detail', ['d1'], []);
    expect(added).toEqual([['d1'], ['n1']]);
    expect([...focus.deployments()]).toEqual(['d1']);
    focus.set('fleet', [], []);
    expect([...focus.nodes()]).toEqual([]);
    now = FOCUS_LEASE_SECONDS * 1000;
    expect([...focus.deployments()]).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCompose, validateTemplate } from '../templates';
import { buildPlan, portRequests } from './build-plan';
import { composeText, manifest, NODE_SOCKET, values } from './plan-policy-generators';
import { covered, grantsOf } from './plan-policy-oracle';

/**
 * The boundary's proof: whatever a template says, in whatever spelling, every Docker create request
 * the plan builder emits grants host access only where a policy finding names it. The oracle
 * (`plan-policy-oracle.ts`) reads the Docker requests themselves, knowing nothing of how the policy
 * reads the compose file.
 */

describe('the safety policy as a boundary', () => {
  it('lets no generated plan grant host access that no finding names (10,000 hostile plans)', () => {
    let planned = 0;
    let granted = 0;
    fc.assert(
      fc.property(composeText, values, (compose, given) => {
        const template = { manifest, compose };
        const context = { dockerSocket: NODE_SOCKET };
        if (validateTemplate(template, { policy: context }).errors.length > 0) return;
        const rendered = renderCompose(template, given, context);
        if (!rendered.ok) return;
        const plan = buildPlan({
          deploymentId: 'd1',
          project: 'app',
          revision: 1,
          compose: rendered.compose,
          exposure: 'private',
          ports: portRequests(rendered.compose).map((r, i) => ({ ...r, hostPort: 20000 + i })),
          files: [],
        });
        planned += 1;
        const { grants, unknown } = grantsOf(plan);
        expect(unknown).toEqual([]);
        if (grants.length > 0) granted += 1;
        for (const grant of grants)
          expect(covered(grant, rendered.findings), JSON.stringify(grant)).toBe(true);
      }),
      { numRuns: 10_000, seed: 20261206 },
    );
    // The generator must reach Docker often, and often with host access, or the proof proves nothing.
    expect(planned).toBeGreaterThan(2_000);
    expect(granted).toBeGreaterThan(1_000);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import type { NodeDeployment, NodeResources } from '@shared/contract/nodes';
import { removalPlan, resourceFacts, resourceSummary } from './node-page-model';

const GiB = 2 ** 30;
const resources: NodeResources = {
  dockerVersion: '20.10.24',
  apiVersion: '1.41',
  os: 'Debian GNU/Linux 12',
  kernel: '6.1.0',
  cpus: 2,
  memoryBytes: 3.8 * GiB,
  dockerRootDir: '/var/lib/docker',
  diskFreeBytes: 40 * GiB,
  diskTotalBytes: 100 * GiB,
  containersRunning: 3,
};
const deployment = (name: string): NodeDeployment => ({
  id: `d-${name}`,
  name,
  templateName: 'Busybox',
  status: 'running',
});

describe('resourceFacts', () => {
  it('words CPU, memory, disk and engine from the stored resources', () => {
    expect(resourceFacts(resources)).toEqual({
      cpus: '2 CPU',
      memory: '3.8 GiB',
      disk: '40 GiB free of 100 GiB',
      diskFree: '40 GiB free',
      engine: 'Docker 20.10.24 (API 1.41)',
      system: 'Debian GNU/Linux 12, kernel 6.1.0',
      containersRunning: '3 running',
    });
  });

  it('says the disk is unknown when the last check could not read it', () => {
    expect(resourceFacts({ ...resources, diskFreeBytes: null, diskTotalBytes: null }).disk).toBe('unknown');
  });
});

describe('resourceSummary', () => {
  it('is the list’s line, with the same free-disk figure the page shows', () => {
    expect(resourceSummary(resources)).toBe('2 CPU · 3.8 GiB · 40 GiB free');
    expect(resourceSummary(resources)).toContain(resourceFacts(resources).diskFree);
  });

  it('leaves the disk out when unknown, and is a dash with no resources', () => {
    expect(resourceSummary({ ...resources, diskFreeBytes: null })).toBe('2 CPU · 3.8 GiB');
    expect(resourceSummary(null)).toBe('—');
  });
});

describe('removalPlan', () => {
  it('allows removing a node with no deployments and says the server is left as it is', () => {
    const plan = removalPlan({ name: 'web-1', resources }, []);
    expect(plan.isAllowed).toBe(true);
    expect(plan.summary).toContain('forgets web-1');
    expect(plan.keeps).toBe(
      'Nothing on web-1 is touched: its containers (3 running at the last check), images and volumes stay on the server as they are.',
    );
  });

  it('refuses while deployments live there, saying how many', () => {
    expect(removalPlan({ name: 'web-1', resources: null }, [deployment('a')])).toMatchObject({
      isAllowed: false,
      summary: 'web-1 still runs 1 deployment. Delete it first, then remove the node.',
    });
    expect(
      removalPlan({ name: 'web-1', resources: null }, [deployment('a'), deployment('b')]).summary,
    ).toContain('2 deployments. Delete them first');
  });
});

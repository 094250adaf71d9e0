import { afterEach, describe, expect, it } from 'vitest';
import { summarizeAll } from './deployment-state';
import type { DeploymentPorts } from './ports';
import { closeRepositories, freshRepository, newDeployment } from './test-support';

afterEach(closeRepositories);

/** Ports that count what the summaries ask of nodes and templates. */
function countingPorts() {
  const asked = { nodes: 0, newer: 0 };
  const ports = {
    nodes: {
      get: () => {
        asked.nodes += 1;
        return undefined;
      },
      list: () => [],
    },
    templates: {
      version: () => undefined,
      newerPublished: (_id: string, version: string) => {
        asked.newer += 1;
        return version === '1.0.0' ? '1.1.0' : null;
      },
    },
  } as unknown as DeploymentPorts;
  return { ports, asked };
}

describe('summaries of many deployments', () => {
  it('reads each node and each template version once for the whole list, with the same summaries', () => {
    const { repository } = freshRepository();
    for (let i = 0; i < 40; i += 1)
      repository.create(
        newDeployment(`d${i}`, { nodeId: `n${i % 4}`, templateVersion: i % 2 === 0 ? '1.0.0' : '1.1.0' }),
        'deploy requested',
      );
    const deployments = repository.list();
    const { ports, asked } = countingPorts();

    const summaries = summarizeAll(repository, ports)(deployments);

    expect(asked).toEqual({ nodes: 4, newer: 2 });
    const oneByOne = deployments.flatMap((deployment) => summarizeAll(repository, ports)([deployment]));
    expect(summaries).toEqual(oneByOne);
    expect(summaries.filter((s) => s.updateAvailable === '1.1.0')).toHaveLength(20);
  });
});

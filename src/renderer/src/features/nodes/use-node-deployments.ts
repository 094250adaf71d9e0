import { useEffect, useState } from 'react';
import type { NodeDeployment } from '@shared/contract/nodes';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';

/**
 * What runs on a node, as the core's deployments feature says (`nodes:deployments`), loaded again
 * whenever a deployment changes, so the page and the removal dialog never show a stale list.
 */
export function useNodeDeployments(nodeId: string): {
  deployments: NodeDeployment[] | null;
  error: ErrorView | null;
} {
  const api = useApi();
  const [deployments, setDeployments] = useState<NodeDeployment[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    let isCurrent = true;
    const load = () =>
      api['nodes:deployments']({ id: nodeId }).then(
        (list) => {
          if (!isCurrent) return;
          setDeployments(list);
          setError(null);
        },
        (failure: unknown) => {
          if (isCurrent) setError(errorViewOf(failure));
        },
      );
    void load();
    const unsubscribes = [
      api.on('deployments:transitioned', () => void load()),
      api.on('deployments:changed', () => void load()),
    ];
    return () => {
      isCurrent = false;
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [api, nodeId]);
  return { deployments, error };
}

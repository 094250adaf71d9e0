import { useCallback, useEffect, useState } from 'react';
import type { DiskUsage, NodeInventory } from '@shared/contract/inventory';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';

interface Loaded<T> {
  value: T | null;
  error: ErrorView | null;
  isLoading: boolean;
}

const idle = <T>(): Loaded<T> => ({ value: null, error: null, isLoading: false });

/**
 * The node's inventory, read when the page opens (four cheap list calls on the node) and again on
 * request; its disk usage (`docker system df`, slow on big engines) only when asked for. A node
 * known to be offline is not asked at all.
 */
export function useNodeInventory(nodeId: string, isReachable: boolean) {
  const api = useApi();
  const [inventory, setInventory] = useState<Loaded<NodeInventory>>(idle);
  const [usage, setUsage] = useState<Loaded<DiskUsage>>(idle);

  const reload = useCallback(async () => {
    setInventory((before) => ({ ...before, isLoading: true, error: null }));
    try {
      const value = await api['inventory:list']({ nodeId });
      setInventory({ value, error: null, isLoading: false });
    } catch (failure) {
      setInventory((before) => ({ ...before, error: errorViewOf(failure), isLoading: false }));
    }
  }, [api, nodeId]);

  const measure = useCallback(async () => {
    setUsage((before) => ({ ...before, isLoading: true, error: null }));
    try {
      const value = await api['inventory:disk-usage']({ nodeId });
      setUsage({ value, error: null, isLoading: false });
    } catch (failure) {
      setUsage((before) => ({ ...before, error: errorViewOf(failure), isLoading: false }));
    }
  }, [api, nodeId]);

  useEffect(() => {
    setInventory(idle);
    setUsage(idle);
    if (isReachable) void reload();
  }, [isReachable, reload]);

  return { inventory, usage, reload, measure };
}

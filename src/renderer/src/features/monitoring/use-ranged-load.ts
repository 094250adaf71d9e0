import { useEffect, useState } from 'react';
import type { StatsRange } from '@shared/contract/monitoring';

/** The chosen chart range for one item, loading its figures whenever either changes. */
export function useRangedLoad(id: string, load: (id: string, range: StatsRange) => Promise<void>) {
  const [range, setRange] = useState<StatsRange>('1h');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load(id, range).catch((failure: unknown) =>
      setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [id, range, load]);
  return { range, setRange, error };
}

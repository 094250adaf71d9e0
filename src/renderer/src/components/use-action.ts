import { useCallback, useState } from 'react';
import { AppError } from '@shared/result';

/**
 * Runs an async action for a form or button and keeps its own pending flag and error, so the error
 * shows where the action was started rather than in a banner far away.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setPending(true);
      setError(null);
      try {
        return await action(...args);
      } catch (failure) {
        setError(failure instanceof AppError ? failure : new AppError('internal', failure instanceof Error ? failure.message : String(failure)));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [action],
  );
  return { run, isPending, error, clearError: () => setError(null) };
}

import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`, for "… ago" labels that must not go stale. */
export function useNow(everyMs = 10_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

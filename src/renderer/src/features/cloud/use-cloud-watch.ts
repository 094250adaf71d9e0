import { useEffect } from 'react';
import { useAppStore } from '../../store';

/** Loads the cloud servers and follows their changes (and their jobs') while the component is shown. */
export function useCloudWatch(): void {
  const load = useAppStore((s) => s.loadCloudServers);
  const watch = useAppStore((s) => s.watchCloud);
  useEffect(() => {
    void load();
    return watch();
  }, [load, watch]);
}

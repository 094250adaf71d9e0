import { useEffect } from 'react';
import { useApi } from '../../store';

const clientId = `page-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Tells the core whether this page (window or browser tab) is visible: hidden for a while, with no
 * other page visible, monitoring samples less (per the Settings choice). A closed page counts as hidden.
 */
export function useVisibilityReport() {
  const api = useApi();
  useEffect(() => {
    const report = (isVisible: boolean) => {
      api['sampling:visibility']({ clientId, isVisible }).catch(() => undefined);
    };
    const onChange = () => report(document.visibilityState === 'visible');
    const onHide = () => report(false);
    onChange();
    document.addEventListener('visibilitychange', onChange);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onChange);
      window.removeEventListener('pagehide', onHide);
    };
  }, [api]);
}

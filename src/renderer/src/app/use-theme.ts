import { useEffect } from 'react';
import { useAppStore } from '../store';

export function useTheme(): void {
  const theme = useAppStore((s) => s.settings?.appearance.theme ?? 'system');
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (query.matches ? 'dark' : 'light') : theme;
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);
}

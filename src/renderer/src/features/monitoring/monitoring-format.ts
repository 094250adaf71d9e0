import type { MonitoringEvent, StatsRange } from '@shared/contract/monitoring';
import { formatBytes } from '../../components/format';

export const ranges: { value: StatsRange; label: string }[] = [
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '90d', label: '90 days' },
];

export const formatPercent = (value: number | null): string =>
  value === null ? '—' : `${value < 10 ? value.toFixed(1) : value.toFixed(0)} %`;
export const formatSize = (value: number | null): string =>
  value === null ? '—' : formatBytes(Math.round(value));
export const formatRate = (value: number | null): string =>
  value === null ? '—' : `${formatBytes(Math.round(value))}/s`;
export const formatCount = (value: number | null): string =>
  value === null ? '—' : String(Math.round(value));

/** "14:03:07.125" for log rows: the date sits in the row's tooltip. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export const formatWhen = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : 'never');

/** An axis label for a time on a chart spanning `range`. */
export function formatAxisTime(at: number, range: StatsRange): string {
  const date = new Date(at);
  if (range === '1h' || range === '24h')
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

export const severityClass: Record<MonitoringEvent['severity'], string> = {
  info: 'badge',
  success: 'badge badge-ok',
  warning: 'badge badge-warn',
  error: 'badge badge-error',
};

export const healthClass = (health: string): string =>
  health === 'healthy' ? 'badge badge-ok' : health === 'unhealthy' ? 'badge badge-error' : 'badge';
export const stateClass = (state: string): string =>
  state === 'running'
    ? 'badge badge-ok'
    : state === 'restarting'
      ? 'badge badge-warn'
      : state === 'exited' || state === 'dead'
        ? 'badge badge-error'
        : 'badge';

/** The local "YYYY-MM-DDTHH:MM" a datetime-local input wants, for now. */
export function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Splits text around each case-insensitive occurrence of the search words, for highlighting. */
export function highlightParts(text: string, search: string): { text: string; isMatch: boolean }[] {
  const words = search.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return [{ text, isMatch: false }];
  const pattern = new RegExp(
    `(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
    'giu',
  );
  return text
    .split(pattern)
    .filter((part) => part.length > 0)
    .map((part) => ({ text: part, isMatch: words.some((w) => w.toLowerCase() === part.toLowerCase()) }));
}

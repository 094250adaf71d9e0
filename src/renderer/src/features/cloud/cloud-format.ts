import {
  sizePriceIn,
  type CloudAccount,
  type CloudProviderId,
  type CloudServer,
  type CloudSize,
  type CloudStep,
} from '@shared/contract/cloud';
import { formatMoney } from '../billing/money';

export const providerNames: Record<CloudProviderId, string> = {
  digitalocean: 'DigitalOcean',
  hetzner: 'Hetzner Cloud',
};

/** Where each provider's console makes a token the app can create and delete servers with. */
export const tokenHelp: Record<CloudProviderId, { where: string; url: string }> = {
  digitalocean: {
    where: 'DigitalOcean: API → Tokens, with read and write scope',
    url: 'https://cloud.digitalocean.com/account/api/tokens',
  },
  hetzner: {
    where: 'Hetzner Cloud console: your project → Security → API tokens, Read & Write',
    url: 'https://console.hetzner.cloud/projects',
  },
};


export const formatMonthly = (cents: number, currency: string): string =>
  `${formatMoney(cents, currency)}/mo`;

export function formatMemory(memoryMb: number): string {
  if (memoryMb < 1024) return `${memoryMb} MB`;
  const gb = memoryMb / 1024;
  return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
}

/** "s-1vcpu-1gb: 1 CPU, 1 GB memory, 25 GB disk, $6.00/mo", at the price in the chosen region. */
export function sizeOptionLabel(size: CloudSize, region: string): string {
  const cpus = `${size.cpus} CPU${size.cpus === 1 ? '' : 's'}`;
  const disk = size.diskGb > 0 ? `, ${size.diskGb} GB disk` : '';
  return `${size.label}: ${cpus}, ${formatMemory(size.memoryMb)} memory${disk}, ${formatMonthly(sizePriceIn(size, region), size.currency)}`;
}

export const costSummary = (provider: CloudProviderId, size: CloudSize, region: string): string =>
  `This server costs ${formatMoney(sizePriceIn(size, region), size.currency)} a month at ${providerNames[provider]}; it becomes the node's cost.`;

/** "ops@example.com — up to 10 servers" */
export function accountLine(account: CloudAccount): string {
  if (!account.detail) return account.label;
  const detail = /^[A-Z][a-z]/.test(account.detail)
    ? account.detail.charAt(0).toLowerCase() + account.detail.slice(1)
    : account.detail;
  return `${account.label} — ${detail}`;
}

const checklist: { step: Exclude<CloudStep, 'requested'>; label: (provider: string) => string }[] = [
  { step: 'created', label: (provider) => `Created at ${provider}` },
  { step: 'booted', label: () => 'Booted' },
  { step: 'ssh', label: () => 'Answers SSH with the pinned host key' },
  { step: 'docker', label: () => 'Docker is running' },
  { step: 'added', label: () => 'Added as a node' },
];
const order: CloudStep[] = ['requested', 'created', 'booted', 'ssh', 'docker', 'added'];

export type ChecklistState = 'done' | 'current' | 'failed' | 'pending';

/** The create's steps as a checklist: those reached are done, the next one is under way or where it failed. */
export function createChecklist(
  server: CloudServer,
): { step: CloudStep; label: string; state: ChecklistState }[] {
  const reached = order.indexOf(server.step);
  const isReady = server.status === 'ready' || server.status === 'retiring' || server.status === 'retired';
  return checklist.map(({ step, label }) => {
    const index = order.indexOf(step);
    const text = label(providerNames[server.provider]);
    if (isReady || index <= reached) return { step, label: text, state: 'done' };
    if (index > reached + 1) return { step, label: text, state: 'pending' };
    if (server.status === 'failed') return { step, label: text, state: 'failed' };
    return { step, label: text, state: server.status === 'creating' ? 'current' : 'pending' };
  });
}

export const statusWords: Record<CloudServer['status'], string> = {
  creating: 'Creating',
  ready: 'Ready',
  failed: 'Failed',
  retiring: 'Retiring',
  retired: 'Retired',
};

/** "12 Jan 2026, 14:05" in the user's time zone; "—" where the provider gave no date. */
export function formatCreated(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

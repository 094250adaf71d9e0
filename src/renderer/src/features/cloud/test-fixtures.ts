import type { CloudCatalog, CloudProviderStatus, CloudServer } from '@shared/contract/cloud';
import type { Job } from '@shared/contract/jobs';
import type { SshKey } from '@shared/contract/keys';

/** Shapes as the core answers them, for the cloud screens' tests. */
export const doStatus = (patch: Partial<CloudProviderStatus> = {}): CloudProviderStatus => ({
  provider: 'digitalocean',
  name: 'DigitalOcean',
  hasToken: false,
  account: null,
  ...patch,
});

export const doAccount = {
  label: 'ops@example.com',
  detail: 'Up to 10 servers',
  checkedAt: '2026-01-01T00:00:00.000Z',
};

export const doCatalog: CloudCatalog = {
  provider: 'digitalocean',
  regions: [
    { id: 'fra1', label: 'Frankfurt 1' },
    { id: 'nyc3', label: 'New York 3' },
  ],
  sizes: [
    {
      id: 's-2vcpu-2gb',
      label: 's-2vcpu-2gb',
      cpus: 2,
      memoryMb: 2048,
      diskGb: 60,
      monthlyPriceCents: 1800,
      currency: 'USD',
      regions: ['fra1', 'nyc3'],
    },
    {
      id: 's-1vcpu-1gb',
      label: 's-1vcpu-1gb',
      cpus: 1,
      memoryMb: 1024,
      diskGb: 25,
      monthlyPriceCents: 600,
      currency: 'USD',
      regions: ['fra1'],
    },
  ],
  images: [
    { id: 'ubuntu-24-04-x64', label: 'Ubuntu 24.04 LTS', distribution: 'ubuntu' },
    { id: 'debian-12-x64', label: 'Debian 12', distribution: 'debian' },
  ],
};

export const hetznerCatalog: CloudCatalog = {
  provider: 'hetzner',
  regions: [{ id: 'fsn1', label: 'Falkenstein' }],
  sizes: [
    {
      id: 'cx22',
      label: 'CX22',
      cpus: 2,
      memoryMb: 4096,
      diskGb: 40,
      monthlyPriceCents: 451,
      currency: 'EUR',
      regions: ['fsn1'],
    },
  ],
  images: [{ id: 'debian-12', label: 'Debian 12', distribution: 'debian' }],
};

export const server = (patch: Partial<CloudServer> = {}): CloudServer => ({
  id: 'c1',
  provider: 'digitalocean',
  providerServerId: '4242',
  name: 'hoster-fra1-1',
  region: 'fra1',
  size: 's-1vcpu-1gb',
  image: 'debian-12-x64',
  monthlyPriceCents: 600,
  currency: 'USD',
  status: 'creating',
  step: 'created',
  ipv4: '127.0.0.9',
  hostKeyFingerprint: 'SHA256:abc',
  nodeId: null,
  jobId: 'j1',
  error: null,
  createdAt: '2026-01-01T12:00:00.000Z',
  updatedAt: '2026-01-01T12:00:01.000Z',
  ...patch,
});

export const job = (patch: Partial<Job> = {}): Job => ({
  id: 'j1',
  kind: 'cloud:create',
  target: 'c1',
  status: 'running',
  progress: { step: 'Waiting for the server to boot', detail: 'Booting: 40 s so far' },
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:02.000Z',
  ...patch,
});

export const key: SshKey = {
  id: 'k1',
  name: 'laptop',
  type: 'ed25519',
  publicKey: 'ssh-ed25519 AAAA laptop',
  fingerprint: 'SHA256:key',
  isEncrypted: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  usedBy: [],
};

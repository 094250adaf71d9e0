/** What the Hetzner fake sells and how it shows a server: the documented object shapes, filled in. */
import type { FakeServer } from './fake-servers';

export const HZ_LOCATIONS = [
  {
    id: 1,
    name: 'fsn1',
    description: 'Falkenstein DC Park 1',
    country: 'DE',
    city: 'Falkenstein',
    latitude: 50.47612,
    longitude: 12.370071,
    network_zone: 'eu-central',
  },
  {
    id: 2,
    name: 'nbg1',
    description: 'Nuremberg DC Park 1',
    country: 'DE',
    city: 'Nuremberg',
    latitude: 49.452102,
    longitude: 11.076665,
    network_zone: 'eu-central',
  },
  {
    id: 4,
    name: 'ash',
    description: 'Ashburn, VA',
    country: 'US',
    city: 'Ashburn, VA',
    latitude: 39.045821,
    longitude: -77.487073,
    network_zone: 'us-east',
  },
];
const price = (monthly: string) => ({
  price_hourly: { net: '0.0100000000', gross: '0.0119000000' },
  price_monthly: { net: monthly, gross: (Number(monthly) * 1.19).toFixed(10) },
  included_traffic: 21990232555520,
  price_per_tb_traffic: { net: '1.0000000000', gross: '1.1900000000' },
});
export const HZ_SERVER_TYPES = [
  {
    id: 104,
    name: 'cx22',
    description: 'CX22',
    cores: 2,
    memory: 4,
    disk: 40,
    architecture: 'x86',
    deprecation: null,
    prices: [
      { location: 'fsn1', ...price('3.7900000000') },
      { location: 'nbg1', ...price('3.7900000000') },
      { location: 'ash', ...price('4.4900000000') },
    ],
  },
  {
    id: 105,
    name: 'cx32',
    description: 'CX32',
    cores: 4,
    memory: 8,
    disk: 80,
    architecture: 'x86',
    deprecation: null,
    prices: [
      { location: 'fsn1', ...price('6.8000000000') },
      { location: 'nbg1', ...price('6.8000000000') },
    ],
  },
  {
    id: 45,
    name: 'cax11',
    description: 'CAX11',
    cores: 2,
    memory: 4,
    disk: 40,
    architecture: 'arm',
    deprecation: null,
    prices: [{ location: 'fsn1', ...price('3.7900000000') }],
  },
  {
    id: 1,
    name: 'cx11',
    description: 'CX11',
    cores: 1,
    memory: 2,
    disk: 20,
    architecture: 'x86',
    deprecation: { announced: '2023-09-01T00:00:00+00:00', unavailable_after: '2023-12-01T00:00:00+00:00' },
    prices: [{ location: 'fsn1', ...price('3.2900000000') }],
  },
];
export const HZ_IMAGES = [
  {
    id: 161547269,
    name: 'ubuntu-24.04',
    description: 'Ubuntu 24.04',
    os_flavor: 'ubuntu',
    os_version: '24.04',
    architecture: 'x86',
    deprecated: null,
  },
  {
    id: 114690387,
    name: 'debian-12',
    description: 'Debian 12',
    os_flavor: 'debian',
    os_version: '12',
    architecture: 'x86',
    deprecated: null,
  },
  {
    id: 67794396,
    name: 'ubuntu-20.04',
    description: 'Ubuntu 20.04',
    os_flavor: 'ubuntu',
    os_version: '20.04',
    architecture: 'x86',
    deprecated: '2025-05-01T00:00:00+00:00',
  },
  {
    id: 103908070,
    name: 'ubuntu-24.04',
    description: 'Ubuntu 24.04',
    os_flavor: 'ubuntu',
    os_version: '24.04',
    architecture: 'arm',
    deprecated: null,
  },
  {
    id: 69726282,
    name: 'rocky-9',
    description: 'Rocky Linux 9',
    os_flavor: 'rocky',
    os_version: '9',
    architecture: 'x86',
    deprecated: null,
  },
];

export const typeJson = (type: (typeof HZ_SERVER_TYPES)[number]) => ({
  ...type,
  storage_type: 'local',
  cpu_type: 'shared',
  deprecated: type.deprecation !== null,
});
export const imageJson = (image: (typeof HZ_IMAGES)[number]) => ({
  ...image,
  type: 'system',
  status: 'available',
  labels: {},
});

export function serverJson(server: FakeServer) {
  const type = HZ_SERVER_TYPES.find((t) => t.name === server.size) ?? HZ_SERVER_TYPES[0]!;
  const image = HZ_IMAGES.find((i) => i.name === server.image) ?? HZ_IMAGES[0]!;
  return {
    id: server.id,
    name: server.name,
    status: server.running ? 'running' : 'initializing',
    created: server.createdAt,
    public_net: {
      ipv4: {
        id: server.id + 1,
        ip: server.ipv4,
        blocked: false,
        dns_ptr: `static.${server.ipv4}.clients.your-server.de`,
      },
      ipv6: null,
      floating_ips: [],
      firewalls: [],
    },
    server_type: typeJson(type),
    image: imageJson(image),
    labels: server.labels,
    volumes: server.volumes,
    locked: false,
    rescue_enabled: false,
    primary_disk_size: type.disk,
    protection: { delete: false, rebuild: false },
  };
}

export const action = (id: number, command: string, resource: number) => ({
  id,
  command,
  status: 'running',
  progress: 0,
  started: new Date().toISOString(),
  finished: null,
  resources: [{ id: resource, type: 'server' }],
  error: null,
});

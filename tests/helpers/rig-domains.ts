import { readFileSync } from 'node:fs';
import type { Rig } from '../rig/rig';

/**
 * The `domains` settings that point a core at the rig: Pebble as the ACME CA (its listener's CA
 * trusted as a private CA's would be), challtestsrv as the public resolver, the rig's Caddy image,
 * and the proxy listening on the node's own address (the rig's nodes share this machine).
 */
export const rigDomainSettings = (rig: Rig, nodeIndex = 0) => ({
  acmeDirectory: rig.acme.directoryUrl,
  acmeTrustedRootPem: readFileSync(rig.acme.listenerCaFile, 'utf8'),
  dnsResolver: rig.acme.dns.server,
  proxyImage: rig.images.caddy,
  proxyListenAddress: rig.nodes[nodeIndex]?.host ?? '',
});

/** Points `hostname` at `address` (or nowhere) in the DNS both Pebble and the domain check ask. */
export async function pointAt(rig: Rig, hostname: string, address: string | null): Promise<void> {
  const post = (path: string, body: object) =>
    fetch(`${rig.acme.dns.managementUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  await post('/clear-a', { host: `${hostname}.` });
  if (address) await post('/add-a', { host: `${hostname}.`, addresses: [address] });
}

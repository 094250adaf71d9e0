import { isIP } from 'node:net';
import { AppError } from '@shared/result';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A name the proxy can route and a public CA can certify: lower-case labels of letters, digits and
 * inner hyphens, at least two of them, 253 characters at most. Wildcards, IP addresses, bare names
 * and trailing dots are refused, each with the reason.
 */
export function checkHostname(typed: string): string {
  const name = typed.trim().toLowerCase();
  const refuse = (why: string) =>
    new AppError('invalid_input', `${name || 'An empty name'} cannot be a domain: ${why}`, { field: 'hostname' });
  if (name === '') throw refuse('type a name such as app.example.com.');
  if (name.includes('*')) throw refuse('wildcards are not routed; type each name.');
  if (isIP(name) !== 0 || isIP(name.replace(/^\[|\]$/g, '')) !== 0)
    throw refuse('that is an IP address; certificates are issued for names.');
  if (name.endsWith('.')) throw refuse('leave out the trailing dot.');
  if (name.length > 253) throw refuse('a name has at most 253 characters.');
  const labels = name.split('.');
  if (labels.length < 2) throw refuse('use a full name with a dot, such as app.example.com.');
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined)
    throw refuse(
      bad === ''
        ? 'it has an empty part between two dots.'
        : `"${bad}" may hold only letters, digits and inner hyphens (63 at most).`,
    );
  if (/^\d+$/.test(labels.at(-1) ?? '')) throw refuse('its last part cannot be all digits.');
  return name;
}

/**
 * The name that needs no DNS work: `<deployment>.<address>.sslip.io`, which sslip.io's servers
 * answer with the address written in it (dashes for IPv6).
 */
export function automaticHostname(deploymentName: string, address: string): string {
  const label = deploymentName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'app';
  const written = isIP(address) === 6 ? address.replace(/:/g, '-') : address;
  return checkHostname(`${label}.${written}.sslip.io`);
}

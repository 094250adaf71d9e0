import type { DeploymentStatus } from '@shared/contract/deployment-model';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { dnsCheckSchema, type DnsCheck, type Domain, type DomainStatus } from '@shared/contract/domains';
import { AppError } from '@shared/result';
import { unreachableReason } from './deployment-format';

export const domainStatusClass: Record<DomainStatus, string> = {
  pending: 'badge badge-warn',
  active: 'badge badge-ok',
  failed: 'badge badge-error',
  paused: 'badge',
};

export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** What a domain's status means for someone typing its address now. */
export function domainStatusText(domain: Domain): string {
  switch (domain.status) {
    case 'pending':
      return 'getting a certificate…';
    case 'active':
      return domain.certificate
        ? `valid until ${formatDate(domain.certificate.notAfter)}, issued by ${domain.certificate.issuer}`
        : 'served over HTTPS';
    case 'failed':
      return domain.error ?? 'the route or the certificate could not be made';
    case 'paused':
      return 'not routed while the deployment is stopped';
  }
}

const isIpv4 = (text: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(text);

/**
 * The name "Automatic" will get, as the core makes it: the deployment's name as one label, then the
 * node's address (dashes for an IPv6 one), then sslip.io. A preview: the domain's row shows the name given.
 */
export function automaticHostnamePreview(deploymentName: string, address: string | null): string {
  const label =
    deploymentName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'app';
  if (address === null) return `${label}.<node address>.sslip.io`;
  const bare = address.replace(/^\[|\]$/g, '');
  // A node added by name is written with the address the core resolves it to when the domain is made.
  const written = bare.includes(':') ? bare.replace(/:/g, '-') : isIpv4(bare) ? bare : `<address of ${bare}>`;
  return `${label}.${written}.sslip.io`;
}

/** The services a domain can lead to: those with a port, in the order the deployment lists them. */
export function routableServices(detail: Pick<DeploymentDetail, 'ports'>): string[] {
  return [...new Set(detail.ports.map((port) => port.service))];
}

/** The states in which the node's proxy routes a deployment's domains, as the core lists them. */
const routedStatuses: readonly DeploymentStatus[] = ['running', 'degraded', 'updating'];

/** Why no domain can be added now, in the words the page shows; null when one can. */
export function addDomainBlocker(
  detail: Pick<DeploymentDetail, 'name' | 'nodeName' | 'status' | 'reachability'>,
): string | null {
  const away = unreachableReason(detail, detail.nodeName);
  if (away) return away;
  if (!routedStatuses.includes(detail.status))
    return `${detail.name} is ${detail.status}: a domain can be added while it is running.`;
  return null;
}

/** The DNS check a refused custom name carries (`details.dns`), to show what was found and the record to make. */
export function dnsCheckOf(error: unknown): DnsCheck | null {
  if (!(error instanceof AppError)) return null;
  const parsed = dnsCheckSchema.safeParse(error.details?.dns);
  return parsed.success ? parsed.data : null;
}

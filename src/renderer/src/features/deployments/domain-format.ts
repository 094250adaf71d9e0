import type { DeploymentDetail } from '@shared/contract/deployments';
import type { Domain, DomainStatus } from '@shared/contract/domains';
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

/**
 * The name "Automatic" will get, as the core makes it: the deployment's name as one label, then the
 * node's address (dashes for an IPv6 one), then sslip.io. A preview: the domain's row shows the name given.
 */
export function automaticHostnamePreview(deploymentName: string, address: string): string {
  const label =
    deploymentName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'app';
  const written = address.replace(/^\[|\]$/g, '').replace(/:/g, '-');
  return `${label}.${written}.sslip.io`;
}

/** The services a domain can lead to: those with a port, in the order the deployment lists them. */
export function routableServices(detail: Pick<DeploymentDetail, 'ports'>): string[] {
  return [...new Set(detail.ports.map((port) => port.service))];
}

/** Why no domain can be added now, in the words the page shows; null when one can. */
export function addDomainBlocker(
  detail: Pick<DeploymentDetail, 'name' | 'nodeName' | 'status' | 'reachability'>,
): string | null {
  const away = unreachableReason(detail, detail.nodeName);
  if (away) return away;
  if (detail.status !== 'running' && detail.status !== 'degraded')
    return `${detail.name} is ${detail.status}: a domain can be added while it is running.`;
  return null;
}

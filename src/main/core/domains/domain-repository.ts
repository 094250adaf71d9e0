import type { Domain, DomainStatus, NodeProxy, ProxyStatus } from '@shared/contract/domains';
import type { Database } from '../db/database';

interface DomainRow {
  id: string;
  deployment_id: string;
  node_id: string;
  hostname: string;
  kind: Domain['kind'];
  service: string;
  port: number;
  status: DomainStatus;
  basic_auth_user: string | null;
  error: string | null;
  cert_issuer: string | null;
  cert_subject: string | null;
  cert_not_after: string | null;
  cert_checked_at: string | null;
  created_at: string;
  updated_at: string;
}

interface ProxyRow {
  node_id: string;
  status: ProxyStatus;
  image: string | null;
  version: string | null;
  config_hash: string | null;
  error: string | null;
  checked_at: string | null;
}

const toDomain = (row: DomainRow): Domain => ({
  id: row.id,
  deploymentId: row.deployment_id,
  nodeId: row.node_id,
  hostname: row.hostname,
  kind: row.kind,
  service: row.service,
  port: row.port,
  status: row.status,
  basicAuthUser: row.basic_auth_user,
  error: row.error,
  certificate:
    row.cert_issuer && row.cert_not_after && row.cert_checked_at
      ? {
          issuer: row.cert_issuer,
          subject: row.cert_subject ?? '',
          notAfter: row.cert_not_after,
          checkedAt: row.cert_checked_at,
        }
      : null,
  createdAt: row.created_at,
});

const toRow = (domain: Domain, at: string): DomainRow => ({
  id: domain.id,
  deployment_id: domain.deploymentId,
  node_id: domain.nodeId,
  hostname: domain.hostname,
  kind: domain.kind,
  service: domain.service,
  port: domain.port,
  status: domain.status,
  basic_auth_user: domain.basicAuthUser,
  error: domain.error,
  cert_issuer: domain.certificate?.issuer ?? null,
  cert_subject: domain.certificate?.subject ?? null,
  cert_not_after: domain.certificate?.notAfter ?? null,
  cert_checked_at: domain.certificate?.checkedAt ?? null,
  created_at: domain.createdAt,
  updated_at: at,
});

/** A node's proxy as shown, and the hash of the routes it was last given (null: give them again). */
export interface KnownProxy {
  proxy: NodeProxy;
  configHash: string | null;
}

const toProxy = (row: ProxyRow): KnownProxy => ({
  proxy: {
    nodeId: row.node_id,
    status: row.status,
    image: row.image,
    version: row.version,
    error: row.error,
    checkedAt: row.checked_at,
  },
  configHash: row.config_hash,
});

/** Domains and node proxies (migration 009), as contract objects; rows stay in here. */
export function createDomainRepository(db: Database) {
  const select = (where: string, ...params: unknown[]) =>
    db.prepare<unknown[], DomainRow>(`SELECT * FROM domains WHERE ${where} ORDER BY created_at`).all(...params).map(toDomain);
  const save = db.prepare<[DomainRow]>(`
    INSERT INTO domains (id, deployment_id, node_id, hostname, kind, service, port, status, basic_auth_user, error,
      cert_issuer, cert_subject, cert_not_after, cert_checked_at, created_at, updated_at)
    VALUES (@id, @deployment_id, @node_id, @hostname, @kind, @service, @port, @status, @basic_auth_user, @error,
      @cert_issuer, @cert_subject, @cert_not_after, @cert_checked_at, @created_at, @updated_at)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, basic_auth_user = excluded.basic_auth_user, error = excluded.error,
      cert_issuer = excluded.cert_issuer, cert_subject = excluded.cert_subject,
      cert_not_after = excluded.cert_not_after, cert_checked_at = excluded.cert_checked_at,
      updated_at = excluded.updated_at`);
  const saveProxy = db.prepare<[ProxyRow]>(`
    INSERT INTO node_proxies (node_id, status, image, version, config_hash, error, checked_at)
    VALUES (@node_id, @status, @image, @version, @config_hash, @error, @checked_at)
    ON CONFLICT (node_id) DO UPDATE SET status = excluded.status, image = excluded.image,
      version = excluded.version, config_hash = excluded.config_hash, error = excluded.error,
      checked_at = excluded.checked_at`);
  const proxyOf = db.prepare<[string], ProxyRow>('SELECT * FROM node_proxies WHERE node_id = ?');

  return {
    list: () => select('1 = 1'),
    get: (id: string): Domain | undefined => select('id = ?', id)[0],
    byHostname: (hostname: string): Domain | undefined => select('hostname = ?', hostname)[0],
    ofDeployment: (deploymentId: string) => select('deployment_id = ?', deploymentId),
    onNode: (nodeId: string) => select('node_id = ?', nodeId),
    save: (domain: Domain, at: string): Domain => {
      save.run(toRow(domain, at));
      return domain;
    },
    remove: (id: string) => db.prepare('DELETE FROM domains WHERE id = ?').run(id),
    proxy: (nodeId: string) => {
      const row = proxyOf.get(nodeId);
      return row ? toProxy(row) : null;
    },
    saveProxy: ({ proxy, configHash }: KnownProxy) =>
      saveProxy.run({
        node_id: proxy.nodeId,
        status: proxy.status,
        image: proxy.image,
        version: proxy.version,
        config_hash: configHash,
        error: proxy.error,
        checked_at: proxy.checkedAt,
      }),
    removeProxy: (nodeId: string) => db.prepare('DELETE FROM node_proxies WHERE node_id = ?').run(nodeId),
  };
}

export type DomainRepository = ReturnType<typeof createDomainRepository>;

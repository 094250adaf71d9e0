import { z } from 'zod';
import { method } from './define';

/** `automatic`: `<deployment>.<node address>.sslip.io`, which needs no DNS work; `custom`: a name the user owns. */
export const domainKindSchema = z.enum(['automatic', 'custom']);
export type DomainKind = z.infer<typeof domainKindSchema>;

/**
 * `pending`: routed, its certificate being obtained; `active`: served over HTTPS with a certificate;
 * `failed`: the route or the certificate could not be made (the error says why; the app stays
 * reachable on its old address); `paused`: the deployment is not running, so nothing is routed.
 */
export const domainStatusSchema = z.enum(['pending', 'active', 'failed', 'paused']);
export type DomainStatus = z.infer<typeof domainStatusSchema>;

/** The certificate the node's proxy serves for a domain, as read from the proxy itself over TLS. */
export const certificateSchema = z.object({
  issuer: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  checkedAt: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const domainSchema = z.object({
  id: z.string(),
  deploymentId: z.string(),
  nodeId: z.string(),
  hostname: z.string(),
  kind: domainKindSchema,
  /** The service and its container port the domain routes to. */
  service: z.string(),
  port: z.number().int(),
  status: domainStatusSchema,
  /** Who the proxy asks for when the domain is password protected (the password is in the keychain). */
  basicAuthUser: z.string().nullable(),
  certificate: certificateSchema.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type Domain = z.infer<typeof domainSchema>;

/** What the DNS check found for a name, and, when it does not point at the node, the record to create. */
export const dnsCheckSchema = z.object({
  hostname: z.string(),
  expected: z.array(z.string()),
  /** By resolver ("this computer", "1.1.1.1"): the addresses it answered, or its error. */
  answers: z.array(z.object({ resolver: z.string(), addresses: z.array(z.string()), error: z.string().nullable() })),
  isOk: z.boolean(),
  advice: z.string().nullable(),
});
export type DnsCheck = z.infer<typeof dnsCheckSchema>;

export const proxyStatusSchema = z.enum(['absent', 'installing', 'running', 'stopped', 'failed']);
export type ProxyStatus = z.infer<typeof proxyStatusSchema>;

/** A node's proxy: the one container that serves every domain on that node. */
export const nodeProxySchema = z.object({
  nodeId: z.string(),
  status: proxyStatusSchema,
  image: z.string().nullable(),
  version: z.string().nullable(),
  error: z.string().nullable(),
  checkedAt: z.string().nullable(),
});
export type NodeProxy = z.infer<typeof nodeProxySchema>;

const hostnameInput = z.string().trim().toLowerCase().max(253);

/** HTTP basic auth in front of an app without a login of its own; the password goes to the keychain only. */
export const basicAuthSchema = z.object({
  username: z.string().trim().min(1, 'Type a user name.').max(64).regex(/^[^:\s]+$/, 'A user name has no spaces or colons.'),
  password: z.string().min(10, 'Use at least 10 characters.').max(256),
});
export type BasicAuth = z.infer<typeof basicAuthSchema>;

export const domainsMethods = {
  'domains:list': method(z.object({ deploymentId: z.string().min(1).optional() }), z.array(domainSchema)),
  /**
   * Routes a deployment's service at a name: the node gets its proxy first if it has none (a job),
   * then the route, then the certificate. `custom` names are checked in DNS first: one that does not
   * point at the node is refused (`invalid_input`, `field: 'hostname'`) with the check's findings in
   * `details.dns` (a DnsCheck) and its advice as the message.
   */
  'domains:add': method(
    z.object({
      deploymentId: z.string().min(1),
      kind: domainKindSchema,
      hostname: hostnameInput.optional(),
      /** The service to route to; the template's primary service when left out. */
      service: z.string().min(1).optional(),
      basicAuth: basicAuthSchema.optional(),
    }),
    z.object({ domain: domainSchema, jobId: z.string() }),
  ),
  /** Puts a password in front of the domain, changes it, or (null) takes it away; effective at once. */
  'domains:set-auth': method(
    z.object({ id: z.string().min(1), basicAuth: basicAuthSchema.nullable() }),
    domainSchema,
  ),
  'domains:remove': method(z.object({ id: z.string().min(1) }), z.object({ id: z.string() })),
  /** Resolves the name now, over this computer's resolvers and the public one in settings. */
  'domains:check-dns': method(
    z.object({ hostname: hostnameInput.min(1, 'Type a domain.'), nodeId: z.string().min(1) }),
    dnsCheckSchema,
  ),
  'domains:proxy': method(z.object({ nodeId: z.string().min(1) }), nodeProxySchema),
  /** A job: the proxy's image pulled again and the proxy replaced, keeping its routes and certificates. */
  'domains:proxy-upgrade': method(z.object({ nodeId: z.string().min(1) }), z.object({ jobId: z.string() })),
  /** A job: the proxy taken off a node that has no domain left (refused while it has one). */
  'domains:proxy-remove': method(z.object({ nodeId: z.string().min(1) }), z.object({ jobId: z.string() })),
};

export const domainsEvents = {
  'domains:changed': domainSchema,
  'domains:removed': z.object({ id: z.string(), deploymentId: z.string() }),
  'domains:proxy-changed': nodeProxySchema,
};

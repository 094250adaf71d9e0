import { describe, expect, it } from 'vitest';
import type { Domain } from '@shared/contract/domains';
import { AppError } from '@shared/result';
import {
  addDomainBlocker,
  automaticHostnamePreview,
  dnsCheckOf,
  domainStatusText,
  formatDate,
  routableServices,
} from './domain-format';

const domain = (patch: Partial<Domain>): Domain => ({
  id: 'dom1',
  deploymentId: 'd1',
  nodeId: 'n1',
  basicAuthUser: null,
  hostname: 'wiki.example.com',
  kind: 'custom',
  service: 'web',
  port: 80,
  status: 'pending',
  certificate: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

describe('automaticHostnamePreview', () => {
  it('makes one label of the name and writes an IPv6 address with dashes, as the core does', () => {
    expect(automaticHostnamePreview('Wiki_Team', '203.0.113.7')).toBe('wiki-team.203.0.113.7.sslip.io');
    expect(automaticHostnamePreview('cloud', '2001:db8::1')).toBe('cloud.2001-db8--1.sslip.io');
    expect(automaticHostnamePreview('--', '[2001:db8::1]')).toBe('app.2001-db8--1.sslip.io');
    expect(automaticHostnamePreview('wiki', null)).toBe('wiki.<node address>.sslip.io');
    expect(automaticHostnamePreview('wiki', 'vps.example.com')).toBe(
      'wiki.<address of vps.example.com>.sslip.io',
    );
  });
});

describe('domainStatusText', () => {
  it('says what each status means for someone opening the address', () => {
    expect(domainStatusText(domain({ status: 'pending' }))).toBe('getting a certificate…');
    const notAfter = '2026-04-01T12:00:00.000Z';
    const certificate = {
      issuer: 'Pebble Intermediate CA',
      subject: 'wiki.example.com',
      notAfter,
      checkedAt: notAfter,
    };
    expect(domainStatusText(domain({ status: 'active', certificate }))).toBe(
      `valid until ${formatDate(notAfter)}, issued by Pebble Intermediate CA`,
    );
    expect(domainStatusText(domain({ status: 'failed', error: 'DNS points elsewhere.' }))).toBe(
      'DNS points elsewhere.',
    );
    expect(domainStatusText(domain({ status: 'paused' }))).toBe('not routed while the deployment is stopped');
  });
});

describe('routableServices and addDomainBlocker', () => {
  const port = (service: string, containerPort: number) => ({
    service,
    containerPort,
    hostPort: 30000 + containerPort,
    protocol: 'tcp',
    url: null,
  });
  const detail = {
    name: 'wiki',
    nodeName: 'node 1',
    status: 'running' as const,
    reachability: { nodeReachable: true, since: null },
  };

  it('lists each service with a port once', () => {
    expect(routableServices({ ports: [port('web', 80), port('web', 443), port('admin', 8080)] })).toEqual([
      'web',
      'admin',
    ]);
  });

  it('allows adding only while the app runs and its node is in reach, saying why not', () => {
    expect(addDomainBlocker(detail)).toBeNull();
    expect(addDomainBlocker({ ...detail, status: 'degraded' })).toBeNull();
    expect(addDomainBlocker({ ...detail, status: 'updating' })).toBeNull();
    expect(addDomainBlocker({ ...detail, status: 'stopped' })).toBe(
      'wiki is stopped: a domain can be added while it is running.',
    );
    expect(addDomainBlocker({ ...detail, reachability: { nodeReachable: false, since: null } })).toBe(
      'node 1 cannot be reached; try again when it is back.',
    );
  });
});

describe('dnsCheckOf', () => {
  it('reads the DNS check a refused custom name carries, and nothing from any other error', () => {
    const dns = {
      hostname: 'wiki.example.com',
      expected: ['203.0.113.7'],
      answers: [{ resolver: '1.1.1.1', addresses: ['198.51.100.1'], error: null }],
      isOk: false,
      advice: 'Point wiki.example.com at 203.0.113.7 with an A record.',
    };
    const refused = new AppError('invalid_input', dns.advice, { field: 'hostname', details: { dns } });
    expect(dnsCheckOf(refused)).toEqual(dns);
    expect(dnsCheckOf(new AppError('conflict', 'taken', { field: 'hostname' }))).toBeNull();
    expect(dnsCheckOf(new Error('x'))).toBeNull();
  });
});

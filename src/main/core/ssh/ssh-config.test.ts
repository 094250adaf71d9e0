import { describe, expect, it } from 'vitest';
import { parseJumpSpec, parseSshConfig } from './ssh-config';

const config = `
# personal servers
Host web1 web1-alias
  HostName 203.0.113.10
  User deploy
  Port 2222
  IdentityFile ~/.ssh/id_web

Host db
  HostName=db.internal
  ProxyJump deploy@web1:2222
  User root
  User ignored-second-value

Host *.example.com !skip.example.com
  User wildcard

Host *
  IdentityFile ~/.ssh/id_default
  User fallback

Match host nothing
  User never-read
`;

describe('parseSshConfig', () => {
  const entries = parseSshConfig(config, '/home/me');

  it('lists concrete aliases only, never wildcard patterns', () => {
    expect(entries.map((e) => e.alias)).toEqual(['web1', 'web1-alias', 'db']);
  });

  it('reads HostName, User, Port and IdentityFile with ~ expanded', () => {
    expect(entries[0]).toEqual({ alias: 'web1', hostName: '203.0.113.10', port: 2222, user: 'deploy', identityFile: '/home/me/.ssh/id_web', proxyJump: null });
  });

  it('keeps the first value of an option and fills the rest from Host *', () => {
    expect(entries[2]).toEqual({ alias: 'db', hostName: 'db.internal', port: 22, user: 'root', identityFile: '/home/me/.ssh/id_default', proxyJump: 'deploy@web1:2222' });
  });

  it('uses the alias as the address when HostName is absent', () => {
    expect(parseSshConfig('Host box\n  User u\n', '/h')[0]).toMatchObject({ alias: 'box', hostName: 'box', port: 22, user: 'u' });
  });

  it('treats ProxyJump none as no jump host', () => {
    expect(parseSshConfig('Host a\n  ProxyJump none\n', '/h')[0]?.proxyJump).toBeNull();
  });
});

describe('parseJumpSpec', () => {
  it('splits user, host and port of the first hop', () => {
    expect(parseJumpSpec('deploy@web1:2222')).toEqual({ user: 'deploy', host: 'web1', port: 2222 });
    expect(parseJumpSpec('bastion,inner')).toEqual({ user: null, host: 'bastion', port: null });
    expect(parseJumpSpec('root@[2001:db8::1]:22')).toEqual({ user: 'root', host: '2001:db8::1', port: 22 });
  });
});

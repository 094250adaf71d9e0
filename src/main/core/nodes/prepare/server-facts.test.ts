import { describe, expect, it } from 'vitest';
import { parseOsRelease, parseServerFacts } from './server-facts';

const debian12 = [
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="12"',
  'VERSION_CODENAME=bookworm',
  'ID=debian',
];

describe('parseOsRelease', () => {
  it('reads quoted and bare values and skips comments and junk', () => {
    const os = parseOsRelease([
      ...debian12,
      '# a comment',
      'not a line',
      "ID_LIKE='rhel fedora'",
      'X="say \\"hi\\""',
    ]);
    expect(os).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      VERSION_CODENAME: 'bookworm',
      ID: 'debian',
      ID_LIKE: 'rhel fedora',
      X: 'say "hi"',
    });
  });
});

describe('parseServerFacts', () => {
  it('reads the marked lines and ignores what a login banner prints around them', () => {
    const stdout = [
      'Welcome to your server!',
      'hoster-prepare:user=deploy',
      'hoster-prepare:groups=deploy sudo docker',
      'hoster-prepare:systemd=1',
      'hoster-prepare:dockerd=0',
      'hoster-prepare:sudo=passwordless',
      ...debian12.map((line) => `hoster-prepare:os:${line}`),
      'user=root',
    ].join('\n');
    expect(parseServerFacts(stdout)).toEqual({
      osRelease: parseOsRelease(debian12),
      user: 'deploy',
      sudo: 'passwordless',
      hasSystemd: true,
      hasDockerd: false,
      isInDockerGroup: true,
    });
  });

  it('takes an unknown or missing sudo answer as no sudo, and no groups as not in docker', () => {
    const facts = parseServerFacts('hoster-prepare:user=ann\nhoster-prepare:sudo=maybe\n');
    expect(facts.sudo).toBe('missing');
    expect(facts.isInDockerGroup).toBe(false);
    expect(facts.osRelease).toEqual({});
    expect(parseServerFacts('hoster-prepare:groups=dockers wheel').isInDockerGroup).toBe(false);
  });
});

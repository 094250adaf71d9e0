import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@shared/contract/settings';
import { isSameDomainsSettings, parseDomainsDraft } from './domains-settings-model';

const defaults = settingsSchema.parse({}).domains;

describe('parseDomainsDraft', () => {
  it("takes the defaults, Let's Encrypt and every address included", () => {
    expect(parseDomainsDraft(defaults)).toEqual({ ok: true, value: defaults });
    expect(defaults.acmeDirectory).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(defaults.proxyListenAddress).toBe('');
  });

  it('says per field what is wrong, in the contract’s words or plain ones', () => {
    const result = parseDomainsDraft({
      ...defaults,
      acmeDirectory: 'not a url',
      acmeEmail: 'nobody',
      dnsResolver: '  ',
      proxyListenAddress: 'everywhere',
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        acmeDirectory: 'Type the ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.',
        acmeEmail: 'Type an email address, or leave it empty.',
        dnsResolver: 'Type a resolver such as 1.1.1.1, or host:port.',
        proxyListenAddress: 'Type an IP address of the node, or leave it empty for every address.',
      },
    });
  });

  it('trims what the contract trims', () => {
    const result = parseDomainsDraft({
      ...defaults,
      dnsResolver: ' 9.9.9.9 ',
      proxyListenAddress: '203.0.113.7',
    });
    expect(result).toMatchObject({
      ok: true,
      value: { dnsResolver: '9.9.9.9', proxyListenAddress: '203.0.113.7' },
    });
  });
});

describe('isSameDomainsSettings', () => {
  it('compares every field', () => {
    expect(isSameDomainsSettings(defaults, { ...defaults })).toBe(true);
    expect(isSameDomainsSettings(defaults, { ...defaults, proxyImage: 'caddy:2.10' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { MIN_EXPOSED_TOKEN_LENGTH, parseServeOptions, type ServeOptions } from './serve-options';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}): ServeOptions => {
  const options = parseServeOptions([...args, '--data-dir', '/tmp/hoster'], env);
  if (options === 'help') throw new Error('unexpected help');
  return options;
};

describe('serve options: where to listen', () => {
  it('serves plain HTTP on loopback without further flags', () => {
    expect(parse([])).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      tls: undefined,
      isInsecure: false,
      publicHosts: [],
    });
    expect(parse(['--host', '127.0.0.2', '--port', '8080'])).toMatchObject({ host: '127.0.0.2', port: 8080 });
    expect(parse(['--host', '::1']).host).toBe('::1');
    expect(parse(['--host', 'localhost']).host).toBe('localhost');
  });

  it('refuses to listen off loopback without TLS or --insecure, and says which flags to use', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'box.lan']) {
      expect(() => parse(['--host', host])).toThrow(`Refusing to listen on ${host} without TLS`);
    }
    expect(() => parse(['--host', '0.0.0.0'])).toThrow(
      /--tls self-signed[\s\S]*--tls-cert FILE --tls-key FILE[\s\S]*--insecure/,
    );
  });

  it('starts off loopback with TLS or an explicit --insecure', () => {
    expect(parse(['--host', '0.0.0.0', '--tls', 'self-signed']).tls).toEqual({ kind: 'self-signed' });
    expect(parse(['--host', '0.0.0.0', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']).tls).toEqual({
      kind: 'files',
      certFile: 'c.pem',
      keyFile: 'k.pem',
    });
    expect(parse(['--host', '0.0.0.0', '--insecure'])).toMatchObject({ tls: undefined, isInsecure: true });
  });
});

describe('serve options: TLS, names and tokens', () => {
  it('refuses half or contradictory TLS flags', () => {
    expect(() => parse(['--tls-cert', 'c.pem'])).toThrow('--tls-cert and --tls-key go together');
    expect(() => parse(['--tls', 'yes'])).toThrow('the only value is "self-signed"');
    expect(() => parse(['--tls', 'self-signed', '--tls-key', 'k.pem'])).toThrow('not both');
    expect(() => parse(['--host', '0.0.0.0', '--tls', 'self-signed', '--insecure'])).toThrow(
      '--insecure turns TLS off',
    );
    expect(() => parse(['--port', '70000'])).toThrow('--port 70000');
    expect(() => parse(['--bogus'])).toThrow(/bogus[\s\S]*Usage:/);
  });

  it('takes public host names repeated or comma-separated, and only bare names', () => {
    const options = parse([
      '--public-host',
      'Hoster.Example.com, 192.0.2.7',
      '--public-host',
      '[fd00::1]',
      '--public-host',
      'hoster.example.com',
    ]);
    expect(options.publicHosts).toEqual(['hoster.example.com', '192.0.2.7', 'fd00::1']);
    expect(() => parse(['--public-host', 'https://hoster.example.com'])).toThrow(
      '--public-host https://hoster.example.com',
    );
    expect(() => parse(['--public-host', 'hoster.example.com:8443'])).toThrow('without a scheme or a port');
  });

  it('wants a fixed token of at least 128 bits off loopback', () => {
    const short = { HOSTER_TOKEN: 'a'.repeat(MIN_EXPOSED_TOKEN_LENGTH - 1) };
    expect(() => parse(['--host', '0.0.0.0', '--tls', 'self-signed'], short)).toThrow(
      /HOSTER_TOKEN is 31 characters/,
    );
    expect(parse(['--host', '0.0.0.0', '--insecure'], { HOSTER_TOKEN: 'b'.repeat(32) }).token).toBe(
      'b'.repeat(32),
    );
    expect(parse([], short).token).toBe(short.HOSTER_TOKEN);
    expect(MIN_EXPOSED_TOKEN_LENGTH * 4).toBeGreaterThanOrEqual(128);
  });

  it('asks for help', () => {
    expect(parseServeOptions(['--help'], {})).toBe('help');
  });
});

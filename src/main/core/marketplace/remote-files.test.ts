import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteFileFetcher } from './remote-files';

const compose = 'services:\n  web:\n    image: traefik/whoami:v1.10.3\n';

/** A real HTTP server on 127.0.0.1 standing in for the raw hosts (`<base>/<host>/<path>`). */
const routes: Record<string, (response: ServerResponse) => void> = {
  '/raw.githubusercontent.com/o/r/HEAD/compose.yml': (response) => response.end(compose),
  '/raw.githubusercontent.com/o/r/HEAD/readme.md': (response) => response.end('# A readme, not compose'),
  '/raw.githubusercontent.com/o/r/HEAD/big.yml': (response) => {
    // No content-length: the cap must hold while the body streams in.
    response.write(`services:\n  web:\n    image: x\n# ${'x'.repeat(3000)}\n`);
    response.end(`# ${'y'.repeat(3000)}\n`);
  },
  '/raw.githubusercontent.com/o/r/HEAD/declared-big.yml': (response) => {
    response.setHeader('content-length', '5000');
    response.end('x'.repeat(5000));
  },
  '/gitlab.com/g/app/-/raw/HEAD/moved.yml': (response) => {
    response.statusCode = 302;
    response.setHeader('location', '/raw.githubusercontent.com/o/r/HEAD/compose.yml');
    response.end();
  },
  '/gitlab.com/g/app/-/raw/HEAD/loop.yml': (response) => {
    response.statusCode = 301;
    response.setHeader('location', '/gitlab.com/g/app/-/raw/HEAD/loop.yml');
    response.end();
  },
  '/gitlab.com/g/app/-/raw/HEAD/away.yml': (response) => {
    response.statusCode = 302;
    response.setHeader('location', 'http://example.com/compose.yml');
    response.end();
  },
  '/codeberg.org/o/r/raw/slow.yml': () => {
    // Never answers: the fetch must give up on its own.
  },
};

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const route = routes[request.url ?? ''];
  if (route) route(response);
  else {
    response.statusCode = 404;
    response.end('not found');
  }
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetcher = () => createRemoteFileFetcher({ rawFilesBase: base, timeoutMs: 500, maxBytes: 4000 });
const messageFor = async (url: string) => (await fetcher()([url])).failures[0]?.message;

describe('createRemoteFileFetcher', () => {
  it('returns a compose file with the address it was asked for, following a redirect', async () => {
    const asked = [
      'https://raw.githubusercontent.com/o/r/HEAD/compose.yml',
      'https://gitlab.com/g/app/-/raw/HEAD/moved.yml',
    ];
    const result = await fetcher()(asked);
    expect(result).toEqual({
      files: asked.map((url) => ({ url, text: compose })),
      failures: [],
    });
  });

  it('says per address what went wrong: not found, not compose, too large, too many redirects', async () => {
    expect(await messageFor('https://raw.githubusercontent.com/o/r/HEAD/gone.yml')).toMatch(
      /^Not found \(404\).*download the file and pick it/,
    );
    expect(await messageFor('https://raw.githubusercontent.com/o/r/HEAD/readme.md')).toMatch(
      /not a compose file/,
    );
    expect(await messageFor('https://raw.githubusercontent.com/o/r/HEAD/big.yml')).toMatch(
      /larger than 4 KB/,
    );
    expect(await messageFor('https://raw.githubusercontent.com/o/r/HEAD/declared-big.yml')).toMatch(
      /larger than 4 KB/,
    );
    expect(await messageFor('https://gitlab.com/g/app/-/raw/HEAD/loop.yml')).toMatch(
      /redirected more than 3 times/,
    );
    expect(await messageFor('https://gitlab.com/g/app/-/raw/HEAD/away.yml')).toMatch(/redirected away/);
  });

  it('gives up on a server that never answers', async () => {
    expect(await messageFor('https://codeberg.org/o/r/raw/slow.yml')).toMatch(/^No answer within/);
  });

  it('fetches only https addresses, and keeps one answer per address', async () => {
    const result = await fetcher()([
      'http://raw.githubusercontent.com/o/r/HEAD/compose.yml',
      'https://raw.githubusercontent.com/o/r/HEAD/compose.yml',
      'https://raw.githubusercontent.com/o/r/HEAD/compose.yml',
    ]);
    expect(result.failures).toEqual([
      {
        url: 'http://raw.githubusercontent.com/o/r/HEAD/compose.yml',
        message: 'Only https addresses are fetched.',
      },
    ]);
    expect(result.files).toHaveLength(1);
  });

  it('without a test base, goes to the address itself over TLS', async () => {
    // The local server speaks plain HTTP, so the TLS handshake production insists on fails there.
    const direct = createRemoteFileFetcher({ timeoutMs: 2000 });
    const { failures } = await direct([`https://${base.slice('http://'.length)}/compose.yml`]);
    expect(failures[0]?.message).toMatch(/^The file could not be downloaded.*check your connection/);
  });
});

import { describe, expect, it } from 'vitest';
import { readFolder, readZipFile, type PickedFile } from './import-files-model';

const picked = (path: string, content: string | Uint8Array): PickedFile => {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    name: path.split('/').pop() ?? path,
    webkitRelativePath: path,
    size: bytes.length,
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
  };
};

describe('reading a picked folder for import', () => {
  it('sends its text files, a binary one by name only, and leaves .git and node_modules out', async () => {
    const folder = await readFolder([
      picked('shop/compose.yaml', 'services: {}\n'),
      picked('shop/nginx.conf', 'events {}\n'),
      picked('shop/logo.png', new Uint8Array([0x89, 0x50, 0, 1])),
      picked('shop/.git/HEAD', 'ref: refs/heads/main\n'),
      picked('shop/web/node_modules/x/index.js', 'module.exports = 1;\n'),
    ]);
    expect(folder).toEqual({
      name: 'shop',
      summary: 'shop: 3 files, with shop/compose.yaml',
      source: {
        files: [
          { path: 'shop/compose.yaml', content: 'services: {}\n' },
          { path: 'shop/nginx.conf', content: 'events {}\n' },
          { path: 'shop/logo.png', content: null },
        ],
      },
    });
  });

  it('says which names it looked for when the folder has no compose file', async () => {
    expect(await readFolder([picked('shop/nginx.conf', 'events {}\n')])).toBe(
      'The folder has no compose file: looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml. Choose the folder that holds one.',
    );
  });
});

describe('reading a picked zip for import', () => {
  it('passes its bytes on in base64 for the core to unpack', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    const zip = await readZipFile({ ...picked('proxy.zip', bytes), name: 'proxy.zip' });
    expect(typeof zip === 'string' ? zip : zip.summary).toBe('proxy.zip (69 KB)');
    const base64 = typeof zip !== 'string' && 'zip' in zip.source ? zip.source.zip : '';
    expect(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))).toEqual(bytes);
  });

  it('refuses a file that is not a .zip, saying what to choose', async () => {
    expect(await readZipFile(picked('compose.yaml', 'services: {}'))).toBe(
      'compose.yaml is not a .zip file; choose a zip, or its folder.',
    );
  });
});

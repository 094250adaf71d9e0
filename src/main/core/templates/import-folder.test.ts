import { describe, expect, it } from 'vitest';
import { importFolder } from './import-folder';
import { readZip } from './zip-reader';
import { zipOf } from './zip-test-support';

const text = (value: string) => Buffer.from(value, 'utf8');
const COMPOSE =
  'services:\n  web:\n    image: nginx:1.27.3-alpine\n    volumes:\n      - ./nginx.conf:/etc/nginx/nginx.conf\n';

describe('importFolder: the compose file is found by the names compose uses', () => {
  it('takes the shallowest compose file, compose.yaml before docker-compose.yml, and names the template after the folder', () => {
    const report = importFolder({
      files: [
        { path: 'shop/docs/compose.yaml', content: 'services: {}' },
        { path: 'shop/docker-compose.yml', content: 'services:\n  old:\n    image: busybox:1.36\n' },
        { path: 'shop/compose.yaml', content: COMPOSE },
        { path: 'shop/nginx.conf', content: 'events {}\n' },
      ],
    });
    const template = report.templates[0]?.template;
    expect(template?.manifest.name).toBe('shop');
    expect(template?.manifest.config_files.map((f) => f.content)).toEqual(['events {}\n']);
  });

  it('says which names it looked for when the folder has no compose file', () => {
    const report = importFolder({ files: [{ path: 'shop/nginx.conf', content: 'events {}' }] });
    expect(report.templates).toEqual([]);
    expect(report.errors[0]?.message).toBe(
      'The folder has no compose file: looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml. Choose the folder that holds one.',
    );
  });
});

describe('importFolder: a zip', () => {
  it('imports the compose file and the file it binds from a zip, named after the zip', () => {
    const zip = zipOf([
      { name: 'compose.yaml', data: text(COMPOSE) },
      { name: 'nginx.conf', data: text('events {}\n'), isStored: true },
      { name: '__MACOSX/._nginx.conf', data: Buffer.from([0, 5, 22, 7]) },
    ]);
    const report = importFolder({ zip: zip.toString('base64') }, 'proxy.zip');
    expect(report.errors).toEqual([]);
    expect(report.templates[0]?.template.manifest).toMatchObject({
      name: 'proxy',
      config_files: [{ path: '/etc/nginx/nginx.conf', content: 'events {}\n' }],
    });
  });

  it('refuses the whole zip when an entry would land outside the folder (zip slip)', () => {
    for (const name of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'C:\\evil']) {
      const read = readZip(zipOf([{ name, data: text('x') }]));
      expect(read.ok ? 'read' : read.error).toContain('outside its folder');
    }
  });

  it('refuses encrypted entries, saying to zip without a password', () => {
    const read = readZip(zipOf([{ name: 'compose.yaml', data: text(COMPOSE), isEncrypted: true }]));
    expect(read.ok ? 'read' : read.error).toContain('without a password');
  });

  it('never inflates a bomb past the cap, even when its header lies about the size', () => {
    const bomb = Buffer.alloc(50 * 1024 * 1024, 'a');
    const read = readZip(zipOf([{ name: 'nginx.conf', data: bomb, claimedSize: 10 }]));
    expect(read).toEqual({ ok: true, files: [{ path: 'nginx.conf', content: null }] });
  });

  it('keeps a binary entry by name with no content, so a bind of it is refused with a reason', () => {
    const read = readZip(zipOf([{ name: 'logo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) }]));
    expect(read).toEqual({ ok: true, files: [{ path: 'logo.png', content: null }] });
  });

  it('says what is wrong with a file that is not a zip or is cut short', () => {
    const notZip = readZip(text('services: {}\n'.repeat(10)));
    expect(notZip.ok ? 'read' : notZip.error).toContain('not a zip file');
    const zip = zipOf([{ name: 'compose.yaml', data: text(COMPOSE) }]);
    const cut = readZip(Buffer.concat([zip.subarray(0, 40), zip.subarray(zip.length - 22)]));
    expect(cut.ok ? 'read' : cut.error).toContain('damaged');
  });
});

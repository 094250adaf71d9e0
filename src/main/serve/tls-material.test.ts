import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import {
  loadOrMakeSelfSigned,
  readTlsFiles,
  SELF_SIGNED_CERT_FILE,
  SELF_SIGNED_KEY_FILE,
} from './tls-material';

describe('TLS material', () => {
  let dir: { path: string; remove: () => void };
  afterEach(() => dir.remove());

  it('keeps the self-signed pair in the data folder, owner-only, with a stable fingerprint', async () => {
    dir = makeTempDir();
    const first = await loadOrMakeSelfSigned(dir.path, ['hoster.test', '192.0.2.7']);
    expect(first.isNew).toBe(true);
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(first.certFile).toBe(join(dir.path, SELF_SIGNED_CERT_FILE));
    if (process.platform !== 'win32') {
      expect(statSync(join(dir.path, SELF_SIGNED_KEY_FILE)).mode & 0o777).toBe(0o600);
    }

    const restarted = await loadOrMakeSelfSigned(dir.path, ['192.0.2.7', 'hoster.test']);
    expect(restarted).toMatchObject({ isNew: false, fingerprint: first.fingerprint, key: first.key });
  });

  it('makes a new pair when a name is added, the pair is broken or it has expired', async () => {
    dir = makeTempDir();
    const first = await loadOrMakeSelfSigned(dir.path, ['hoster.test']);
    const renamed = await loadOrMakeSelfSigned(dir.path, ['hoster.test', 'other.test']);
    expect(renamed.isNew).toBe(true);
    expect(renamed.fingerprint).not.toBe(first.fingerprint);

    writeFileSync(join(dir.path, SELF_SIGNED_KEY_FILE), first.key);
    const repaired = await loadOrMakeSelfSigned(dir.path, ['hoster.test', 'other.test']);
    expect(repaired.isNew).toBe(true);

    const later = new Date(Date.now() + 900 * 24 * 60 * 60 * 1000);
    expect((await loadOrMakeSelfSigned(dir.path, ['hoster.test'], later)).isNew).toBe(true);
  });

  it('reads your own pair and refuses a key that does not belong to the certificate', async () => {
    dir = makeTempDir();
    const a = await loadOrMakeSelfSigned(join(dir.path, 'a'), []);
    const b = await loadOrMakeSelfSigned(join(dir.path, 'b'), []);
    const aKey = join(dir.path, 'a', SELF_SIGNED_KEY_FILE);
    const bKey = join(dir.path, 'b', SELF_SIGNED_KEY_FILE);
    expect(readTlsFiles(a.certFile, aKey).fingerprint).toBe(a.fingerprint);
    expect(() => readTlsFiles(a.certFile, bKey)).toThrow(/is not the private key of --tls-cert/);
    expect(() => readTlsFiles(join(dir.path, 'missing.pem'), bKey)).toThrow(
      /Cannot use --tls-cert .*missing\.pem/,
    );
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });
});

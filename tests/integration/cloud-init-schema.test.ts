import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudInitUserData } from '../../src/main/core/cloud/cloud-init';
import { generateHostKey } from '../../src/main/core/cloud/host-key';
import { ed25519Pair } from '../helpers/ssh-keys';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hoster-cloud-init-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** cloud-init's own schema check (Debian's cloud-init package), as a server's cloud-init would read the file. */
async function schemaCheck(text: string): Promise<{ ok: boolean; output: string }> {
  const file = join(dir, `user-data-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  try {
    const { stdout, stderr } = await run('cloud-init', ['schema', '--config-file', file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe("the user data passes cloud-init's schema check", () => {
  for (const distribution of ['debian', 'ubuntu'] as const) {
    it(`for ${distribution}`, async () => {
      const text = cloudInitUserData({ hostKey: generateHostKey('web-1'), authorizedKey: ed25519Pair().public, distribution });
      const result = await schemaCheck(text);
      expect(result.output).not.toMatch(/error/i);
      expect(result.ok).toBe(true);
    });
  }

  it('and the check fails on user data it should refuse (so it can fail)', async () => {
    const text = cloudInitUserData({ hostKey: generateHostKey('web-1'), authorizedKey: ed25519Pair().public, distribution: 'debian' });
    const result = await schemaCheck(text.replace('ssh_pwauth: false', 'ssh_pwauth: 7'));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('ssh_pwauth');
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid for the electron-builder in use, so a misspelt fuse cannot pass silently', () => {
    const schemaPath = createRequire(join(root, 'package.json')).resolve('app-builder-lib/scheme.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    expect(ajv.validate(schema, config), ajv.errorsText()).toBe(true);
  });

  it('packs the app into an asar archive', () => {
    expect(config.asar).toBe(true);
  });

  it('flips the fuses that keep code from outside the signed package out of the app', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('publishes to GitHub releases, the channel the installed app updates from', () => {
    const publish = config.publish as { provider: string; owner: string; repo: string };
    expect(publish.provider).toBe('github');
    expect([publish.owner, publish.repo].every((part) => /^[\w.-]+$/.test(part))).toBe(true);
  });

  it('signs and notarizes macOS builds from the environment, with no secret in the file', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    // macOS updates are installed from the zip.
    expect((config.mac as { target: string[] }).target).toContain('zip');
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|appleId|appleIdPassword|certificatePassword)\s*:/m);
  });
});

import { describe, expect, it } from 'vitest';
import { importFileLimits } from './import-files';
import { templatesMethods } from './templates';

const input = templatesMethods['templates:import'].input;
const messageOf = (value: unknown): string => {
  const parsed = input.safeParse(value);
  return parsed.success ? 'accepted' : (parsed.error.issues[0]?.message ?? '');
};
const file = (path: string, content: string | null = 'x') => ({ path, content });

describe('templates:import with a folder or a zip', () => {
  it('accepts a folder of files, a binary one named without content', () => {
    expect(
      messageOf({
        format: 'compose',
        text: '',
        files: [file('app/compose.yaml'), file('app/logo.png', null)],
      }),
    ).toBe('accepted');
  });

  it('refuses paths that leave the folder or are absolute', () => {
    for (const path of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'C:\\x', 'a\\..\\b'])
      expect(messageOf({ format: 'compose', text: '', files: [file(path)] })).toContain('inside the folder');
  });

  it('refuses a folder larger than the limits, saying what to choose instead', () => {
    const big = 'x'.repeat(importFileLimits.maxFileChars);
    const files = Array.from({ length: 30 }, (_, i) => file(`app/f${i}.txt`, big));
    expect(messageOf({ format: 'compose', text: '', files })).toContain(
      'choose the folder with just the compose file',
    );
    expect(messageOf({ format: 'compose', text: '', files: [file('a', `${big}x`)] })).not.toBe('accepted');
  });

  it('takes a folder or a zip, not both, and no pasted text beside them', () => {
    const zip = btoa('PK');
    expect(messageOf({ format: 'compose', text: '', files: [file('a')], zip })).toBe(
      'send a folder or a zip, not both',
    );
    expect(messageOf({ format: 'compose', text: 'services: {}', zip })).toBe(
      'with a folder or a zip, leave the text empty',
    );
    expect(messageOf({ format: 'compose', text: '', zip: 'not base64!' })).not.toBe('accepted');
  });
});

import { describe, expect, it } from 'vitest';
import { maxComposeBytes } from './template-model';
import { maxRemoteFiles, templateRemoteMethods } from './template-remote';
import { templatesMethods } from './templates';

const fetchInput = templateRemoteMethods['templates:fetch-remote'].input;
const importInput = templatesMethods['templates:import'].input;
const url = 'https://raw.githubusercontent.com/o/r/HEAD/compose.yml';

describe('stack file limits in the contract', () => {
  it('fetches between one and the maximum number of web addresses', () => {
    expect(fetchInput.safeParse({ urls: [url] }).success).toBe(true);
    expect(fetchInput.safeParse({ urls: [] }).success).toBe(false);
    expect(fetchInput.safeParse({ urls: ['not an address'] }).success).toBe(false);
    expect(
      fetchInput.safeParse({ urls: Array.from({ length: maxRemoteFiles + 1 }, () => url) }).success,
    ).toBe(false);
  });

  it('takes stack files up to the size of a compose file, and no more of them than a fetch returns', () => {
    const file = (text: string) => ({ url, text });
    const input = (remoteFiles: { url: string; text: string }[]) =>
      importInput.safeParse({ format: 'portainer', text: '[]', remoteFiles });
    expect(input([file('services: {}')]).success).toBe(true);
    expect(input([file('x'.repeat(maxComposeBytes + 1))]).success).toBe(false);
    expect(input(Array.from({ length: maxRemoteFiles + 1 }, () => file('services: {}'))).success).toBe(false);
  });
});

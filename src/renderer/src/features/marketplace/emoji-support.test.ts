import { describe, expect, it } from 'vitest';
import { hasColouredPixel, hueOf, monogramOf } from './emoji-support';

describe('template icons without an emoji font', () => {
  it('tell a colour emoji from a monochrome missing-glyph box', () => {
    const grey = [0, 0, 0, 0, 90, 90, 90, 255, 20, 20, 20, 255];
    expect(hasColouredPixel(grey)).toBe(false);
    expect(hasColouredPixel([...grey, 200, 120, 60, 255])).toBe(true);
    expect(hasColouredPixel([200, 120, 60, 0])).toBe(false);
  });

  it('show a monogram of the name, in a colour of its own', () => {
    expect(monogramOf('Uptime Kuma')).toBe('UK');
    expect(monogramOf('grafana')).toBe('G');
    expect(monogramOf('code-server')).toBe('CS');
    expect(monogramOf('')).toBe('?');
    expect(hueOf('Gitea')).toBe(hueOf('Gitea'));
    expect(hueOf('Gitea')).not.toBe(hueOf('Ghost'));
  });
});

import { describe, expect, it } from 'vitest';
import {
  createInputOf,
  emptyCreateForm,
  nameProblem,
  resolveForm,
  sizesIn,
  suggestName,
} from './create-server-model';
import { doCatalog, hetznerCatalog } from './test-fixtures';

const fallback = { provider: 'digitalocean' as const, keyId: 'k1' };

describe('resolveForm', () => {
  it('picks the first region, its cheapest size, a Debian image, the first key and a free name', () => {
    const form = resolveForm(emptyCreateForm(null, ''), fallback, doCatalog, ['hoster-fra1-1']);
    expect(form).toMatchObject({
      provider: 'digitalocean',
      region: 'fra1',
      size: 's-1vcpu-1gb',
      image: 'debian-12-x64',
      keyId: 'k1',
      name: 'hoster-fra1-2',
    });
  });

  it('keeps the user’s picks the region offers, replaces the others, and keeps a typed name', () => {
    const picked = {
      ...emptyCreateForm('digitalocean', 'k2'),
      region: 'nyc3',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
    };
    expect(resolveForm(picked, fallback, doCatalog, [])).toMatchObject({
      region: 'nyc3',
      size: 's-2vcpu-2gb',
      image: 'ubuntu-24-04-x64',
      keyId: 'k2',
      name: 'hoster-nyc3-1',
    });
    const named = { ...picked, name: 'web', isNameEdited: true };
    expect(resolveForm(named, fallback, doCatalog, []).name).toBe('web');
  });

  it('waits for the chosen provider’s own catalog', () => {
    const hetzner = emptyCreateForm('hetzner', 'k1');
    expect(resolveForm(hetzner, fallback, doCatalog, []).region).toBe('');
    expect(resolveForm(hetzner, fallback, hetznerCatalog, []).size).toBe('cx22');
  });
});

describe('names and the create input', () => {
  it('checks a name as the contract does and refuses one in use', () => {
    expect(nameProblem('', [])).toBe('Give the server a name.');
    expect(nameProblem('Web_1', [])).toMatch(/lower-case letters, digits and dashes/);
    expect(nameProblem('web-1', ['web-1'])).toBe('A node or server already has this name: choose another.');
    expect(nameProblem('web-1', [])).toBeNull();
    expect(suggestName('FRA 1', [])).toBe('hoster-fra-1-1');
    expect(sizesIn(doCatalog, 'nyc3').map((s) => s.id)).toEqual(['s-2vcpu-2gb']);
  });

  it('builds the cloud:create input from a complete form, and says what is missing otherwise', () => {
    const form = resolveForm(emptyCreateForm(null, ''), fallback, doCatalog, []);
    expect(createInputOf(form, [])).toEqual({
      input: {
        provider: 'digitalocean',
        name: 'hoster-fra1-1',
        region: 'fra1',
        size: 's-1vcpu-1gb',
        image: 'debian-12-x64',
        keyId: 'k1',
      },
    });
    expect(createInputOf({ ...form, keyId: '' }, [])).toEqual({
      problem: 'Choose the SSH key the app connects with.',
    });
    expect(createInputOf(emptyCreateForm(null, 'k1'), [])).toEqual({ problem: 'Choose a provider.' });
  });
});

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptyCreateForm, resolveForm } from './create-server-model';
import { CreateBlocked, CreateServerFormView, type CreateServerFormProps } from './CreateServerForm';
import { doAccount, doCatalog, doStatus, hetznerCatalog, key } from './test-fixtures';

const noop = () => undefined;
const withToken = doStatus({ hasToken: true, account: doAccount });
const hetzner = doStatus({ provider: 'hetzner', name: 'Hetzner Cloud', hasToken: true });

function render(patch: Partial<CreateServerFormProps> = {}) {
  const catalog = patch.catalog === undefined ? doCatalog : patch.catalog;
  const fallback = { provider: 'digitalocean' as const, keyId: key.id };
  const form = resolveForm(emptyCreateForm(null, ''), fallback, catalog, []);
  return renderToStaticMarkup(
    <CreateServerFormView
      providers={[withToken, hetzner]}
      keys={[key]}
      taken={[]}
      form={form}
      catalog={catalog}
      catalogError={null}
      billingCurrency="USD"
      onChange={noop}
      {...patch}
    />,
  );
}

describe('CreateBlocked', () => {
  it('sends to Settings when no provider has a token, and to Keys when there is no key', () => {
    const noToken = renderToStaticMarkup(
      <CreateBlocked reason="no-token" onGoToSettings={noop} onGoToKeys={noop} />,
    );
    expect(noToken).toContain('No cloud provider has a token yet.');
    expect(noToken).toContain('Open Settings → Cloud providers');
    const noKey = renderToStaticMarkup(
      <CreateBlocked reason="no-key" onGoToSettings={noop} onGoToKeys={noop} />,
    );
    expect(noKey).toContain('Add an SSH key first');
    expect(noKey).toContain('Open Keys');
  });
});

describe('CreateServerFormView', () => {
  it('offers the providers with a token, the region’s sizes with their monthly price, and says what it costs', () => {
    const html = render();
    expect(html).toContain(
      '<option value="digitalocean" selected="">DigitalOcean (ops@example.com)</option>',
    );
    expect(html).toContain('<option value="hetzner">Hetzner Cloud</option>');
    expect(html).toContain(
      '<option value="s-1vcpu-1gb" selected="">s-1vcpu-1gb: 1 CPU, 1 GB memory, 25 GB disk, $6.00/mo</option>',
    );
    expect(html).toContain('<option value="debian-12-x64" selected="">Debian 12</option>');
    expect(html).toContain('<option value="k1" selected="">laptop (ed25519)</option>');
    expect(html).toMatch(
      /<label for="[^"]+">Name<\/label><input id="[^"]+" spellCheck="false" value="hoster-fra1-1"\/>/,
    );
    expect(html).toContain(
      'This server costs $6.00 a month at DigitalOcean; it becomes the node&#x27;s cost.',
    );
    expect(html).toContain('pins it: no trust-on-first-use.');
    expect(html).not.toContain('create-server-currency');
  });

  it('shows a euro price in euros', () => {
    const form = resolveForm(
      emptyCreateForm('hetzner', key.id),
      { provider: null, keyId: '' },
      hetznerCatalog,
      [],
    );
    const html = render({ catalog: hetznerCatalog, form });
    expect(html).toContain('CX22: 2 CPUs, 4 GB memory, 40 GB disk, €4.51/mo');
    expect(html).toContain('This server costs €4.51 a month at Hetzner Cloud');
    // Node costs are counted in the billing currency: the form says the price is not converted.
    expect(html).toContain('Node costs are counted in USD');
  });

  it('says why a name cannot be used, and while the catalog is read or failing shows no price', () => {
    const form = {
      ...resolveForm(emptyCreateForm(null, ''), { provider: 'digitalocean', keyId: 'k1' }, doCatalog, []),
      name: 'web-1',
      isNameEdited: true,
    };
    expect(render({ form, taken: ['web-1'] })).toContain(
      'A node or server already has this name: choose another.',
    );
    const loading = render({ catalog: null });
    expect(loading).toContain('Reading regions, sizes and prices…');
    expect(loading).not.toContain('This server costs');
    const failed = render({
      catalog: null,
      catalogError: { code: 'unauthorized', message: 'DigitalOcean refused the token.' },
    });
    expect(failed).toContain('DigitalOcean refused the token.');
    expect(failed).not.toContain('Reading regions');
  });
});

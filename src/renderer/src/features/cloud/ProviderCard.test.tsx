import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OrphanList } from './CloudOrphans';
import { ProviderCardView, type ProviderCardViewProps } from './ProviderCard';
import { doAccount, doStatus } from './test-fixtures';

const noop = () => undefined;
const card = (patch: Partial<ProviderCardViewProps>) =>
  renderToStaticMarkup(
    <ProviderCardView
      status={doStatus()}
      token=""
      onToken={noop}
      isSaving={false}
      error={null}
      onSave={noop}
      onRemove={noop}
      {...patch}
    />,
  );

describe('ProviderCardView', () => {
  it('without a token: a password field, Save held back until a token is pasted, and where to make one', () => {
    const html = card({});
    expect(html).toContain('No token');
    expect(html).toMatch(
      /<label for="[^"]+">DigitalOcean API token<\/label><input id="[^"]+" type="password"/,
    );
    expect(html).toMatch(/<button type="submit" class="primary" disabled="">Save token<\/button>/);
    expect(html).toContain('DigitalOcean: API → Tokens, with read and write scope');
    expect(html).toContain('href="https://cloud.digitalocean.com/account/api/tokens"');
    expect(html).not.toContain('Remove token');
    expect(card({ status: doStatus({ provider: 'hetzner', name: 'Hetzner Cloud' }) })).toContain(
      'your project → Security → API tokens',
    );
  });

  it('with a token: whose it is, and a way to replace or remove it', () => {
    const html = card({ status: doStatus({ hasToken: true, account: doAccount }), token: 'dop_v1_x' });
    expect(html).toContain('Token saved');
    expect(html).toContain('ops@example.com — up to 10 servers');
    expect(html).toContain('Replace the DigitalOcean API token');
    expect(html).toMatch(/<button type="submit" class="primary">Save token<\/button>/);
    expect(html).toContain('Remove token');
  });

  it('shows the provider’s refusal in the card and the check under way', () => {
    const message = 'DigitalOcean refused the token: Unable to authenticate you.';
    const html = card({ error: { code: 'unauthorized', message }, token: 'wrong' });
    expect(html).toContain(`role="alert" data-code="unauthorized"><span>${message}</span>`);
    expect(card({ isSaving: true, token: 'x' })).toContain('Checking the token…');
  });
});

describe('OrphanList', () => {
  it('says plainly when every tagged server is known', () => {
    expect(renderToStaticMarkup(<OrphanList orphans={[]} onDelete={noop} />)).toContain(
      'None: every tagged server is known.',
    );
  });

  it('lists each server left behind with its address, date and a delete button', () => {
    const html = renderToStaticMarkup(
      <OrphanList
        orphans={[
          {
            provider: 'hetzner',
            providerServerId: '77',
            name: 'hoster-fsn1-2',
            ipv4: '127.0.0.7',
            createdAt: null,
          },
          {
            provider: 'digitalocean',
            providerServerId: '9',
            name: 'hoster-fra1-3',
            ipv4: null,
            createdAt: '2026-01-12T14:05:00.000Z',
          },
        ]}
        onDelete={noop}
      />,
    );
    expect(html).toContain(
      'hoster-fsn1-2</td><td>Hetzner Cloud</td><td class="mono">127.0.0.7</td><td>—</td>',
    );
    expect(html).toContain('hoster-fra1-3</td><td>DigitalOcean</td><td class="mono">—</td><td>12 Jan 2026');
    expect(html.match(/Delete at provider/g)).toHaveLength(2);
  });
});

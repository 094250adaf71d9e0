import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { call, test as base, expect, openImportDialog } from './app-fixture';

const stacks = join(import.meta.dirname, '..', 'fixtures', 'imports', 'portainer-public', 'stacks');

/** A local stand-in for raw.githubusercontent.com, serving Portainer's published stack files. */
async function startRawFiles(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const match = /^\/raw\.githubusercontent\.com\/portainer\/templates\/(?:HEAD|master)\/(.+)$/.exec(
      request.url ?? '',
    );
    try {
      if (!match?.[1] || match[1].includes('..')) throw new Error('not served');
      response.end(readFileSync(join(stacks, match[1]), 'utf8'));
    } catch {
      response.statusCode = 404;
      response.end('404: Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// The host fetches stack files from a local server: this spec gets a host of its own with HOSTER_RAW_FILES_BASE.
const test = base.extend<object, { rawFiles: { url: string; server: Server } }>({
  rawFiles: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const raw = await startRawFiles();
      await use(raw);
      raw.server.closeAllConnections();
      await new Promise((resolve) => raw.server.close(resolve));
    },
    { scope: 'worker' },
  ],
  appEnv: [async ({ rawFiles }, use) => use({ HOSTER_RAW_FILES_BASE: rawFiles.url }), { scope: 'worker' }],
});

const repo = 'https://github.com/portainer/templates';
const list = {
  version: '2',
  templates: [
    { type: 1, title: 'Nginx', image: 'nginx:latest', ports: ['80/tcp'] },
    {
      type: 2,
      title: 'Swarm monitoring',
      repository: { url: repo, stackfile: 'swarm/monitoring/docker-compose.yml' },
    },
    {
      type: 3,
      title: 'WordPress',
      repository: { url: repo, stackfile: 'stacks/wordpress/docker-compose.yml' },
    },
    {
      type: 4,
      title: 'OPC Router',
      stackfile:
        'https://raw.githubusercontent.com/portainer/templates/master/edge/opc-router/docker-compose.yml',
    },
    { type: 3, title: 'Moved away', repository: { url: repo, stackfile: 'stacks/moved/docker-compose.yml' } },
    {
      type: 3,
      title: 'Self-hosted',
      repository: { url: 'https://git.example.com/team/apps', stackfile: 'compose.yml' },
    },
  ],
};

test('a Portainer list reviews its repository stacks once their files are fetched or chosen, then saves them', async ({
  page,
  app,
}) => {
  const dialog = await openImportDialog(page, app, {
    name: 'templates.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(list)),
  });
  await dialog.getByRole('button', { name: 'Review', exact: true }).click();
  const review = dialog.getByTestId('import-review');
  await expect(review.getByRole('heading', { name: '1 can be saved' })).toBeVisible();
  const pending = dialog.getByRole('region', { name: 'Stacks waiting for their compose file' });
  await expect(pending).toContainText('5 stacks still need their compose file');
  await expect(pending.getByRole('row', { name: /Self-hosted/ })).toContainText('Unknown host');

  await pending.screenshot({ path: 'docs/portainer-pending-stacks.png' });
  await pending.getByRole('button', { name: 'Fetch 4 files from their repositories' }).click();
  const ask = page.getByRole('dialog', { name: 'Fetch the stack files?' });
  await expect(ask).toContainText('This goes online');
  await expect(ask).toContainText('raw.githubusercontent.com');
  await ask.getByRole('button', { name: 'Fetch 4 files' }).click();

  await expect(review.getByRole('heading', { name: '4 can be saved' })).toBeVisible();
  await expect(pending).toContainText('2 stacks still need their compose file');
  await expect(pending.getByRole('row', { name: /Moved away/ })).toContainText('Not found (404)');
  const swarm = review.getByRole('article', { name: 'Swarm monitoring', exact: true });
  await swarm.getByText(/what the import did/i).click();
  await expect(swarm).toContainText('The swarm restart policy became restart: on-failure');

  await pending.getByLabel(/Compose file for .*Self-hosted/).setInputFiles({
    name: 'compose.yml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('services:\n  whoami:\n    image: traefik/whoami:v1.10.3\n    ports: ["80"]\n'),
  });
  await expect(review.getByRole('heading', { name: '5 can be saved' })).toBeVisible();
  await expect(pending).toContainText('1 stack still needs its compose file');
  expect((await call<{ templates: unknown[] }>(app, 'templates:list', { scope: 'mine' })).templates).toEqual(
    [],
  );

  await dialog.getByRole('button', { name: 'Save 5 templates' }).click();
  await expect(dialog.getByTestId('import-report')).toContainText('Imported 5 templates as drafts');

  const mine = await call<{ templates: { id: string; name: string }[] }>(app, 'templates:list', {
    scope: 'mine',
  });
  expect(mine.templates.map((t) => t.name).sort()).toEqual([
    'Nginx',
    'OPC Router',
    'Self-hosted',
    'Swarm monitoring',
    'WordPress',
  ]);
  for (const template of mine.templates) await call(app, 'templates:delete', { id: template.id });
});

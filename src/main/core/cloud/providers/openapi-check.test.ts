import { describe, expect, it } from 'vitest';
import doSpec from '../../../../../tests/fakes/cloud/digitalocean-openapi.json';
import hetznerSpec from '../../../../../tests/fakes/cloud/hetzner-openapi.json';
import { startFakeDigitalOcean, startFakeHetzner } from '../../../../../tests/fakes/cloud/fake-cloud';
import {
  createOpenApiChecker,
  type CheckInput,
  type OpenApiSubset,
} from '../../../../../tests/fakes/cloud/openapi-check';

const bearer = { authorization: 'Bearer t0ken' };
const input = (overrides: Partial<CheckInput>): CheckInput => ({
  method: 'GET',
  path: '/account',
  query: new URLSearchParams(),
  headers: bearer,
  rawBody: '',
  ...overrides,
});
const json = (body: unknown): Partial<CheckInput> => ({
  rawBody: JSON.stringify(body),
  headers: { ...bearer, 'content-type': 'application/json' },
});

const problems = (checked: { violations: string[] }) => checked.violations.join(' | ');
const digitalocean = createOpenApiChecker(doSpec as OpenApiSubset);
const hetzner = createOpenApiChecker(hetznerSpec as OpenApiSubset);

describe('the OpenAPI check the cloud fakes run on every request', () => {
  it('passes a request as the description has it', () => {
    const create = {
      name: 'web-1',
      region: 'fra1',
      size: 's-1vcpu-1gb',
      image: 'debian-12-x64',
      tags: ['hoster-install-x'],
    };
    expect(
      digitalocean.check(input({ method: 'POST', path: '/droplets', ...json(create) })).violations,
    ).toEqual([]);
    const destroy = input({
      method: 'DELETE',
      path: '/droplets/7/destroy_with_associated_resources/dangerous',
      headers: { ...bearer, 'x-dangerous': 'true' },
    });
    expect(digitalocean.check(destroy)).toMatchObject({ pathParams: { droplet_id: '7' }, violations: [] });
  });
});

describe('the OpenAPI check refuses what the description does not allow', () => {
  it('catches an unknown operation, wrong parameter types, a missing header or token', () => {
    expect(problems(digitalocean.check(input({ path: '/droplet' })))).toBe('GET /droplet is not described');
    expect(problems(digitalocean.check(input({ method: 'PUT', path: '/droplets/1' })))).toBe(
      'PUT /droplets/{droplet_id} is not described',
    );
    expect(problems(digitalocean.check(input({ path: '/droplets/abc' })))).toContain(
      'path parameter droplet_id=abc must be integer',
    );
    expect(
      problems(digitalocean.check(input({ path: '/sizes', query: new URLSearchParams('per_page=500') }))),
    ).toContain('query parameter per_page=500 must be <= 200');
    expect(
      problems(digitalocean.check(input({ path: '/regions', query: new URLSearchParams('limit=5') }))),
    ).toBe('undocumented query parameter limit');
    expect(
      problems(
        digitalocean.check(
          input({ method: 'DELETE', path: '/droplets/1/destroy_with_associated_resources/dangerous' }),
        ),
      ),
    ).toBe('missing required header parameter X-Dangerous');
    expect(problems(digitalocean.check(input({ headers: {} })))).toBe('no Authorization: Bearer token');
  });

  it('catches a body off the schema: a misspelt field, a tag DigitalOcean refuses, a label of the wrong type', () => {
    const misspelt = {
      name: 'web-1',
      region: 'fra1',
      size: 's',
      image: 'i',
      userdata: '#cloud-config',
      tags: ['has space'],
    };
    const body = problems(
      digitalocean.check(input({ method: 'POST', path: '/droplets', ...json(misspelt) })),
    );
    expect(body).toContain('must NOT have additional properties');
    expect(body).toContain('/tags/0 must match pattern');
    const labels = { name: 'a', server_type: 'cx22', image: 'debian-12', labels: { 'hoster-install': 5 } };
    expect(problems(hetzner.check(input({ method: 'POST', path: '/servers', ...json(labels) })))).toContain(
      '/labels/hoster-install must be string',
    );
  });
});

describe('the cloud fakes', () => {
  it('answers a wrong request with the provider’s documented 4xx and records it', async () => {
    const fake = await startFakeDigitalOcean({ token: 't0ken' });
    const answer = await fetch(`${fake.url}/droplets?tag=x`, { headers: bearer });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({
      id: 'unprocessable_entity',
      message: 'undocumented query parameter tag',
    });
    expect(fake.violations()).toEqual(['GET /v2/droplets: undocumented query parameter tag']);
    await fake.close();

    const hetznerFake = await startFakeHetzner({ token: 't0ken' });
    const refused = await fetch(`${hetznerFake.url}/servers`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: '{"name":"a"}',
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect(hetznerFake.violations()).toEqual([
      "POST /v1/servers: request body: (body) must have required property 'server_type'; (body) must have required property 'image'",
    ]);
    await hetznerFake.close();
  });
});

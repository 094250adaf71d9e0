/**
 * Local stand-ins for the cloud providers' APIs, one per provider, on 127.0.0.1 over plain HTTP.
 * Each validates every request against the provider's published OpenAPI description (the subset in
 * *-openapi.json; see openapi-check.ts) and answers with the documented shapes. Point the app at one
 * with `cloudProviders({ apiBases: { digitalocean: fake.url } })` or HOSTER_DIGITALOCEAN_API /
 * HOSTER_HETZNER_API. `onCreate` brings up the "created server" and `onDelete` takes it down; rig-cloud.ts
 * wires both to cloud-init-effect.ts on the rig. Faults: rateLimitNext, failNext, refuseNextCreate,
 * delayNextCreate, readyAfterGets: 'never'.
 */
export { startFakeDigitalOcean, type FakeDigitalOcean } from './fake-digitalocean';
export { startFakeHetzner, type FakeHetzner } from './fake-hetzner';
export type { RecordedCloudRequest, RateLimitFault } from './fake-http';
export type { CreatedServerRequest, FakeCloudOptions, FakeServer } from './fake-servers';

import { describe, expect, it } from 'vitest';
import { templateManifestSchema, type PolicyFinding } from '@shared/contract/template-model';
import { manifestFor } from '../templates/test-support';
import { checkDeployable, checkStored, newRevision, type DeployableRequest } from './deployable';
import type { DeploymentPorts } from './ports';
import { templateEngineForDeployments } from './template-engine-adapter';
import { refusal } from './test-support';

const manifest = templateManifestSchema.parse(
  manifestFor({
    variables: [
      { name: 'GREETING', type: 'text', label: 'Greeting', required: true, default: 'hello' },
      { name: 'ADMIN_PASSWORD', type: 'password', label: 'Admin password', required: false },
    ],
  }),
);
const plain = 'services:\n  web:\n    image: busybox:1\n    command: ["echo", "${GREETING}"]\n';
const privileged = `${plain}    privileged: true\n`;
const broken = 'services:\n  web:\n    command: ["echo"]\n';

const portsWith = (composeByVersion: Record<string, string>): DeploymentPorts =>
  ({
    templates: {
      version: (_id: string, version: string) => {
        const compose = composeByVersion[version];
        return compose === undefined ? undefined : { templateName: 'Test app', manifest, compose };
      },
    },
    engine: templateEngineForDeployments(),
    nodes: { get: () => undefined, list: () => [] },
  }) as unknown as DeploymentPorts;

const request = (overrides: Partial<DeployableRequest<{ id: string }>> = {}) => ({
  subject: 'app',
  templateId: 't1',
  templateLabel: 'Test app',
  version: '1.0.0',
  values: () => ({}),
  placeOn: () => ({ id: 'n1' }),
  accepted: { before: [], given: [] },
  ...overrides,
});

describe('checkDeployable', () => {
  const ports = portsWith({ '1.0.0': plain, '2.0.0': privileged, '3.0.0': broken });

  it('refuses a version the catalogue lacks, an unknown variable, a template with errors', () => {
    expect(refusal(() => checkDeployable(ports, request({ version: '9.9.9' }))).code).toBe('not_found');
    const unknown = refusal(() => checkDeployable(ports, request({ values: () => ({ NOPE: 'x' }) })));
    expect([unknown.code, unknown.field]).toEqual(['invalid_input', 'variables.NOPE']);
    const errors = refusal(() => checkDeployable(ports, request({ version: '3.0.0' })));
    expect(errors.code).toBe('invalid_input');
    expect(errors.message).toMatch(/^Test app 3\.0\.0 has errors and cannot be deployed/);
  });

  it('refuses findings not accepted before or now, listing exactly those', () => {
    const refused = refusal(() => checkDeployable(ports, request({ version: '2.0.0' })));
    expect(refused.field).toBe('acceptFindings');
    const findings = refused.details?.findings as PolicyFinding[];
    expect(findings.map((f) => f.rule)).toEqual(['privileged']);
    const key = findings[0]?.key ?? '';
    const given = checkDeployable(
      ports,
      request({ version: '2.0.0', accepted: { before: [], given: [key] } }),
    );
    const before = checkDeployable(
      ports,
      request({ version: '2.0.0', accepted: { before: [key], given: [] } }),
    );
    expect(given.acceptedFindings).toEqual([key]);
    expect(before.acceptedFindings).toEqual([key]);
  });

  it('resolves defaults, places the node once the template is known, and keeps what was accepted before', () => {
    const placedFor: string[] = [];
    const deployable = checkDeployable(
      ports,
      request({
        values: (m) => ({ ADMIN_PASSWORD: m.name }),
        placeOn: (found) => {
          placedFor.push(found.templateName);
          return { id: 'n2' };
        },
        accepted: { before: ['old-key'], given: [] },
      }),
    );
    expect(placedFor).toEqual(['Test app']);
    expect(deployable.node).toEqual({ id: 'n2' });
    expect(deployable.values).toEqual({ GREETING: 'hello', ADMIN_PASSWORD: 'Test app' });
    expect(deployable.acceptedFindings).toEqual(['old-key']);
  });
});

describe('checkStored', () => {
  it('holds a stored template to the same diff, and records what was accepted before and now', () => {
    const ports = portsWith({});
    const stored = { subject: 'app', template: { manifest, compose: privileged }, nodeId: 'n1' };
    const refused = refusal(() => checkStored(ports, { ...stored, accepted: { before: ['z'], given: [] } }));
    expect(refused.field).toBe('acceptFindings');
    const key = (refused.details?.findings as PolicyFinding[])[0]?.key ?? '';
    expect(checkStored(ports, { ...stored, accepted: { before: ['z'], given: [key] } })).toEqual(
      [key, 'z'].sort(),
    );
  });
});

describe('newRevision', () => {
  it('keeps plain values in the revision and password values out of it', () => {
    const ports = portsWith({ '1.0.0': plain });
    const deployable = checkDeployable(ports, request({ values: () => ({ ADMIN_PASSWORD: 's3cret' }) }));
    const { content, secret } = newRevision(deployable);
    expect(content.variables).toEqual({ GREETING: 'hello' });
    expect(content.secretNames).toEqual(['ADMIN_PASSWORD']);
    expect(secret).toEqual({ ADMIN_PASSWORD: 's3cret' });
    expect(content.templateVersion).toBe('1.0.0');
  });
});

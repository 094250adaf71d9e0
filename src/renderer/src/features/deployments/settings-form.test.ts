import { describe, expect, it } from 'vitest';
import { deploymentSettingsSchema, type ServiceFacts } from '@shared/contract/deployment-settings';
import { formErrors, formFieldOf, formOf, newEnvRow, settingsOf } from './settings-form';

const facts: ServiceFacts[] = [
  {
    name: 'web',
    image: 'web:1',
    environmentNames: ['MODE'],
    composeLimits: { cpuCores: null, memoryMb: null },
    defaultLimits: { cpuCores: 0.5, memoryMb: 256 },
    scaleRefusal: null,
  },
  {
    name: 'db',
    image: 'db:1',
    environmentNames: [],
    composeLimits: { cpuCores: 1, memoryMb: null },
    defaultLimits: { cpuCores: 1, memoryMb: 256 },
    scaleRefusal: 'db writes to the volume data, so it is not stateless: copies would write the same data',
  },
];

const stored = deploymentSettingsSchema.parse({
  services: {
    web: { environment: { MODE: 'dev', EXTRA: '1' }, replaces: ['MODE'], replicas: 2, memoryMb: 64 },
  },
});

describe('settings form', () => {
  it('round-trips stored settings: what the form sends parses to what was stored', () => {
    const form = formOf(facts, stored);
    expect(form.web?.env.map((r) => [r.name, r.value, r.replaces])).toEqual([
      ['MODE', 'dev', true],
      ['EXTRA', '1', false],
    ]);
    expect(form.db).toEqual({ env: [], cpuCores: '', memoryMb: '', replicas: '1' });
    const sent = deploymentSettingsSchema.parse(settingsOf(form));
    expect(sent.services.web).toEqual(stored.services.web);
    expect(sent.services.db).toEqual({
      environment: {},
      replaces: [],
      cpuCores: null,
      memoryMb: null,
      replicas: 1,
    });
  });

  it('names each problem on its field before the core is asked', () => {
    const form = formOf(facts, stored);
    const web = form.web;
    const db = form.db;
    if (!web || !db) throw new Error('the form lacks a service');
    const bad = { ...newEnvRow(), name: '9LIVES', value: 'x' };
    const twice = { ...newEnvRow(), name: 'EXTRA', value: 'y' };
    const unasked = { ...newEnvRow(), name: 'MODE', value: 'z' };
    const errors = formErrors(facts, {
      web: {
        ...web,
        env: [...web.env.filter((r) => r.name !== 'MODE'), bad, twice, unasked],
        cpuCores: '-1',
      },
      db: { ...db, memoryMb: '3', replicas: '2' },
    });
    expect(errors[`web.env.${bad.key}`]).toContain('use letters, digits and underscores');
    expect(errors[`web.env.${twice.key}`]).toBe('EXTRA is set twice for web.');
    expect(errors[`web.env.${unasked.key}`]).toContain('tick "replace the template\'s value"');
    expect(errors['web.cpuCores']).toBe('CPU cores must be a number above 0, such as 0.5.');
    expect(errors['db.memoryMb']).toBe('Memory must be a whole number of MB, at least 6.');
    expect(errors['db.replicas']).toContain('Cannot scale: db writes to the volume data');
    expect(formErrors(facts, formOf(facts, stored))).toEqual({});
  });

  it("puts a core refusal on the form's field it names", () => {
    const form = formOf(facts, stored);
    const extra = form.web?.env.find((r) => r.name === 'EXTRA');
    expect(formFieldOf(form, 'settings.services.web.environment.EXTRA')).toBe(`web.env.${extra?.key ?? -1}`);
    expect(formFieldOf(form, 'settings.services.db.replicas')).toBe('db.replicas');
    expect(formFieldOf(form, 'acceptFindings')).toBeNull();
  });
});

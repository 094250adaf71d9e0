import { describe, expect, it } from 'vitest';
import type { TemplateVariable } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import {
  checkName,
  checkValue,
  defaultDeploymentName,
  failureView,
  formValues,
  valueErrors,
  uniqueFindings,
  valuesToSend,
  splitTags,
  variableErrorsOf,
} from './wizard-model';

const variable = (fields: Partial<TemplateVariable> & Pick<TemplateVariable, 'name'>): TemplateVariable => ({
  label: fields.name,
  type: 'text',
  required: false,
  ...fields,
});

describe('deployment names', () => {
  it('defaults to the slug and a short random suffix that passes the name check', () => {
    const name = defaultDeploymentName('hello-web', (n) => new Uint8Array(n).fill(37));
    expect(name).toBe('hello-web-bbbb');
    expect(checkName(name)).toBeNull();
    expect(checkName(defaultDeploymentName('a'.repeat(60), (n) => new Uint8Array(n)))).toBeNull();
  });

  it('explains a bad name', () => {
    expect(checkName('')).toMatch(/Give the deployment a name/);
    expect(checkName('My App')).toMatch(/lowercase letters/);
    expect(checkName('app-')).toMatch(/ending with a letter or digit/);
    expect(checkName('a'.repeat(41))).toMatch(/at most 40/);
  });
});

describe('variable values', () => {
  it('checks required values, types, options and anchored patterns', () => {
    expect(checkValue(variable({ name: 'A', required: true }), '')).toMatch(/required/);
    expect(checkValue(variable({ name: 'A', required: true, default: 'x' }), '')).toBeNull();
    expect(checkValue(variable({ name: 'N', type: 'number' }), '12a')).toMatch(/number/);
    expect(checkValue(variable({ name: 'E', type: 'email' }), 'me@example.org')).toBeNull();
    expect(checkValue(variable({ name: 'U', type: 'url' }), 'ftp://x')).toMatch(/http/);
    expect(
      checkValue(variable({ name: 'S', type: 'select', options: [{ value: 'a', label: 'A' }] }), 'b'),
    ).toMatch(/options/);
    expect(checkValue(variable({ name: 'P', pattern: '[a-z]+' }), 'abc1')).toMatch(/must match/);
    expect(checkValue(variable({ name: 'P', pattern: '[a-z]+' }), 'abc')).toBeNull();
  });

  it('runs patterns in linear time, as the core does, and caps the length of a value', () => {
    const nested = variable({ name: 'P', pattern: '(a+)+$' });
    expect(checkValue(nested, `${'a'.repeat(4095)}!`)).toBe('P must match (a+)+$.');
    expect(checkValue(nested, 'a'.repeat(4096))).toBeNull();
    expect(checkValue(nested, 'a'.repeat(4097))).toBe('P must be at most 4096 characters.');
    expect(checkValue(variable({ name: 'P', pattern: '\\p{L}+' }), 'Ωμέγα')).toBeNull();
  });

  it('fills the form from edits, then current values, then defaults, never a password default', () => {
    const variables = [
      variable({ name: 'A', default: 'a' }),
      variable({ name: 'B', type: 'boolean' }),
      variable({ name: 'P', type: 'password', default: 'secret' }),
      variable({ name: 'C' }),
    ];
    expect(formValues(variables, { C: 'current' }, { A: 'edited' })).toEqual({
      A: 'edited',
      B: 'false',
      P: '',
      C: 'current',
    });
  });

  it('lets a blank password keep the current one on update', () => {
    const variables = [variable({ name: 'P', type: 'password', required: true })];
    expect(valueErrors(variables, { P: '' })).toHaveProperty('P');
    expect(valueErrors(variables, { P: '' }, true)).toEqual({});
    expect(valuesToSend({ P: '', A: 'x' })).toEqual({ A: 'x' });
  });
});

describe('failureView', () => {
  it('puts a field error at its field, with the findings to accept', () => {
    const finding = {
      key: 'privileged:web:',
      rule: 'privileged',
      service: 'web',
      field: 'services.web.privileged',
      message: 'web: runs privileged.',
    };
    const error = new AppError('invalid_input', 'Review it and accept to go ahead.', {
      field: 'acceptFindings',
      details: { findings: [finding, { key: 'malformed' }] },
    });
    expect(failureView(error, ['acceptFindings'])).toEqual({
      fields: { acceptFindings: 'Review it and accept to go ahead.' },
      error: null,
      findings: [],
    });
    const wellFormed = new AppError('invalid_input', 'x', {
      field: 'acceptFindings',
      details: { findings: [finding] },
    });
    expect(failureView(wellFormed, []).findings).toEqual([finding]);
    expect(uniqueFindings([finding], [finding, { ...finding, key: 'other' }]).map((f) => f.key)).toEqual([
      'privileged:web:',
      'other',
    ]);
  });

  it('shows anything else as an error with its code', () => {
    expect(failureView(new AppError('conflict', 'busy', { field: 'other' }), ['name']).error).toEqual({
      code: 'conflict',
      message: 'busy',
    });
    expect(failureView(new Error('boom'), ['name']).error).toEqual({ code: 'internal', message: 'boom' });
  });
});

describe('form helpers', () => {
  it('takes the variable errors of a refusal by variable name, and nothing else', () => {
    const failure = {
      fields: { 'variables.PORT': 'Not a number', name: 'Taken' },
      error: null,
      findings: [],
    };
    expect(variableErrorsOf(failure)).toEqual({ PORT: 'Not a number' });
    expect(variableErrorsOf(null)).toEqual({});
  });

  it('splits tags on commas and drops blanks', () => {
    expect(splitTags(' eu, ssd ,, ')).toEqual(['eu', 'ssd']);
    expect(splitTags('')).toEqual([]);
  });
});

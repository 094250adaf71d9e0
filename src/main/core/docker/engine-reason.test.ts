import { describe, expect, it } from 'vitest';
import { engineReason, isRegistryLoginRefused } from './engine-reason';

describe('engineReason', () => {
  it("prefers the engine's JSON message", () => {
    const error = Object.assign(new Error('(HTTP code 401) unexpected - {"message":"x"}'), {
      json: { message: 'login attempt failed with status: 401 Unauthorized' },
    });
    expect(engineReason(error)).toBe('login attempt failed with status: 401 Unauthorized');
  });

  it("strips dockerode's wrapping when there is no JSON", () => {
    const error = new Error(
      '(HTTP code 500) server error - Head "http://r/v2/x/manifests/1": no basic auth credentials ',
    );
    expect(engineReason(error)).toBe('Head "http://r/v2/x/manifests/1": no basic auth credentials');
  });

  it('keeps any other message as it is', () => {
    expect(engineReason(new Error('socket hang up'))).toBe('socket hang up');
    expect(engineReason('plain')).toBe('plain');
  });
});

describe('isRegistryLoginRefused', () => {
  it('knows a missing or refused registry login, by status or by what the engine said', () => {
    expect(isRegistryLoginRefused(Object.assign(new Error('x'), { statusCode: 401 }))).toBe(true);
    expect(
      isRegistryLoginRefused(
        new Error('(HTTP code 500) server error - Head "http://r/v2/x": no basic auth credentials'),
      ),
    ).toBe(true);
    expect(isRegistryLoginRefused(new Error('pull access denied for x, repository does not exist'))).toBe(
      true,
    );
    expect(isRegistryLoginRefused(new Error('manifest for r/x:1 not found: manifest unknown'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { stopGroupCommand } from './prepare-step';

describe('stopGroupCommand', () => {
  it('kills the whole process group and waits for it, through sudo -n when not root', () => {
    const asRoot = stopGroupCommand('4242', 'root');
    expect(asRoot.startsWith('kill -KILL -- -4242; ')).toBe(true);
    expect(asRoot).toContain('while kill -0 -- -4242 2>/dev/null && [ $i -lt 20 ]');
    expect(stopGroupCommand('4242', 'passwordless')).toBe(`sudo -n sh -c '${asRoot}'`);
  });
});

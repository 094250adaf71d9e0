import { describe, expect, it } from 'vitest';
import { planFor } from './prepare-plan';
import { stepFailure } from './node-preparer';

const plan = planFor('n1', {
  osRelease: { ID: 'debian', NAME: 'Debian GNU/Linux', PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)' },
  user: 'deploy',
  sudo: 'passwordless',
  hasSystemd: true,
  hasDockerd: false,
  isInDockerGroup: false,
});

describe('stepFailure', () => {
  it('names the failed step, its exit code and last lines, and says nothing after it ran', () => {
    const output = ['Reading package lists...', '', 'E: Unable to locate package docker.io', ''].join('\n');
    const error = stepFailure(plan, 1, 100, output);
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      `Step 2 of ${plan.commands.length}, “Install Docker (docker.io) from Debian’s packages”, exited with code 100. ` +
        'Nothing after it ran. Its last lines:\nReading package lists...\nE: Unable to locate package docker.io',
    );
  });

  it('says plainly when sudo stopped for a password, and when the last step was stopped by a signal', () => {
    const sudo = stepFailure(plan, 0, 1, 'sudo: a password is required\n');
    expect(sudo.message).toContain('sudo asked deploy for a password, which the app cannot type');
    const last = stepFailure(plan, plan.commands.length - 1, null, '');
    expect(last.message).toBe(
      `Step ${plan.commands.length} of ${plan.commands.length}, “Wait for the engine to answer (60 s at most)”, was stopped.`,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { findRestic, resticCandidates, resticError } from './restic';

describe('restic', () => {
  it('looks only where it is told when given a path, else in resources/bin and then the PATH', () => {
    expect(resticCandidates({ explicit: '/opt/restic', resourcesDir: '/app/res', path: '/usr/bin' })).toEqual(['/opt/restic']);
    expect(resticCandidates({ resourcesDir: '/app/res', path: '/usr/local/bin:/usr/bin' })).toEqual([
      '/app/res/bin/restic',
      '/usr/local/bin/restic',
      '/usr/bin/restic',
    ]);
  });

  it('is not found where no restic is', async () => {
    expect(await findRestic(['/nonexistent/restic', '/bin/true'])).toBeNull();
  });

  it('words its failures by what the user can do', () => {
    const wrong = resticError('Fatal: wrong password or no key found\n', 1);
    expect([wrong.code, wrong.field]).toEqual(['unauthorized', 'password']);
    const locked = resticError(
      'unable to create lock in backend: repository is already locked exclusively by PID 7 on vm by root (UID 0, GID 0)\nlock was created at 2026-12-06 11:56:02 (89ms ago)\nstorage ID 60406092\nthe `unlock` command can be used to remove stale locks\n',
      1,
    );
    expect([locked.code, locked.message]).toEqual([
      'conflict',
      'The backup repository is in use by another restic process. Try again once it has finished.\nunable to create lock in backend: repository is already locked exclusively by PID 7 on vm by root (UID 0, GID 0)\nlock was created at 2026-12-06 11:56:02 (89ms ago)',
    ]);
    expect(resticError('Save(<data/12>) returned error: write /r/data/12: no space left on device', 1).message).toContain('is full');
    expect(resticError('Fatal: unable to open config file: stat /r/config: no such file or directory\nIs there a repository at the following location?', 1).code).toBe('not_found');
    expect(resticError('boom\nlast words', 3).message).toBe('restic exited with code 3: boom\nlast words');
  });
});

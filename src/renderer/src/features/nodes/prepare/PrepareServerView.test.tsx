import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job } from '@shared/contract/jobs';
import type { PreparePlan } from '@shared/contract/node-prepare';
import { PreparePlanView, PrepareRunView } from './PrepareServerView';

const plan: PreparePlan = {
  nodeId: 'n1',
  os: { id: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12' },
  user: 'deploy',
  sudo: 'passwordless',
  init: 'systemd',
  isInstalled: false,
  blocker: null,
  commands: [
    { label: 'Refresh the package lists', command: "sudo -n sh -c 'apt-get update'" },
    { label: 'Start Docker now and at every boot', command: "sudo -n sh -c 'systemctl enable --now docker'" },
  ],
  notes: ['Docker Compose is not installed: the app drives the engine’s API itself.'],
};

const job = (over: Partial<Job>): Job => ({
  id: 'j1',
  kind: 'nodes:prepare',
  target: 'n1',
  status: 'running',
  progress: null,
  error: null,
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
  ...over,
});

describe('PreparePlanView', () => {
  it('shows the detected system, who runs the commands, and each exact command', () => {
    const html = renderToStaticMarkup(<PreparePlanView plan={plan} />);
    expect(html).toContain('Debian GNU/Linux 12 (bookworm)');
    expect(html).toContain('deploy, through sudo -n');
    expect(html).toContain('systemd (now and at every boot)');
    expect(html).toContain('stopping at the first that fails');
    expect(html).toContain('sudo -n sh -c &#x27;apt-get update&#x27;');
    expect(html).toContain('Docker Compose is not installed');
    expect(html).not.toContain('prepare-blocker');
  });

  it('says why it cannot run when sudo wants a password, and still shows the commands to run by hand', () => {
    const blocked = { ...plan, sudo: 'needs-password' as const, blocker: 'sudo asks deploy for a password.' };
    const html = renderToStaticMarkup(<PreparePlanView plan={blocked} />);
    expect(html).toContain('data-testid="prepare-blocker"');
    expect(html).toContain('sudo asks deploy for a password.');
    expect(html).toContain('The commands to run:');
    expect(html).toContain('systemctl enable --now docker');
  });
});

describe('PrepareRunView', () => {
  it('shows the step and progress while it runs, with the output so far', () => {
    const running = job({ progress: { step: 'Install Docker (docker.io)', fraction: 0.4 } });
    const html = renderToStaticMarkup(
      <PrepareRunView job={running} output={'$ apt-get update\nGet:1 http://deb.debian.org'} />,
    );
    expect(html).toContain('data-stage="running"');
    expect(html).toContain('Install Docker (docker.io)');
    expect(html).toContain('aria-valuenow="40"');
    expect(html).toContain('Get:1 http://deb.debian.org');
  });

  it('shows the failure with its message and the log, and success in words', () => {
    const failed = job({
      status: 'failed',
      error: { code: 'unavailable', message: 'Step 1 of 4 exited with code 100.' },
    });
    const html = renderToStaticMarkup(<PrepareRunView job={failed} output="E: broken source" />);
    expect(html).toContain('data-code="unavailable"');
    expect(html).toContain('Step 1 of 4 exited with code 100.');
    expect(html).toContain('E: broken source');
    expect(html).not.toContain('role="progressbar"');
    const done = renderToStaticMarkup(<PrepareRunView job={job({ status: 'succeeded' })} output="ok" />);
    expect(done).toContain('Docker is installed and running, and the node answers.');
  });

  it('says what stopping left behind, and what an app that stopped mid-run means', () => {
    expect(renderToStaticMarkup(<PrepareRunView job={job({ status: 'cancelled' })} output="" />)).toContain(
      'dpkg --configure -a',
    );
    expect(renderToStaticMarkup(<PrepareRunView job={job({ status: 'interrupted' })} output="" />)).toContain(
      'The app stopped while the server was being prepared.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Job } from '@shared/contract/jobs';
import type { Node, NodeTest } from '@shared/contract/nodes';
import { canPrepare, mergeOutput, stageOf } from './prepare-model';

const job = (status: Job['status']): Job => ({
  id: 'j1',
  kind: 'nodes:prepare',
  target: 'n1',
  status,
  progress: null,
  error: null,
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
});

const node = (over: Partial<Node> = {}) => ({ kind: 'ssh', status: 'degraded', ...over }) as Node;
const testWithDocker = (status: 'ok' | 'failed' | 'skipped') =>
  ({
    steps: [
      { name: 'auth', label: 'Logged in', status: 'ok' },
      { name: 'docker', label: 'Docker', status },
    ],
  }) as NodeTest;

describe('stageOf', () => {
  it('shows the plan before any run, and each way a run ends', () => {
    expect(stageOf(null)).toBe('plan');
    expect(stageOf(job('running'))).toBe('running');
    expect(stageOf(job('queued'))).toBe('running');
    expect(stageOf(job('succeeded'))).toBe('succeeded');
    expect(stageOf(job('cancelled'))).toBe('cancelled');
    expect(stageOf(job('failed'))).toBe('failed');
    expect(stageOf(job('interrupted'))).toBe('failed');
  });
});

describe('canPrepare', () => {
  it('offers preparing an SSH node whose Docker step failed', () => {
    expect(canPrepare(node({ status: 'online' }), testWithDocker('failed'))).toBe(true);
    expect(canPrepare(node(), testWithDocker('ok'))).toBe(false);
    // SSH failed: the Docker step was never reached, preparing cannot help.
    expect(canPrepare(node({ status: 'offline' }), testWithDocker('skipped'))).toBe(false);
  });

  it('goes by the node’s last check when no test ran on this page, and never offers it for this computer', () => {
    expect(canPrepare(node(), undefined)).toBe(true);
    expect(canPrepare(node({ status: 'offline' }), undefined)).toBe(false);
    expect(canPrepare(node({ kind: 'local' }), testWithDocker('failed'))).toBe(false);
  });
});

describe('mergeOutput', () => {
  it('joins the kept output and what streamed in meanwhile, the overlap once', () => {
    expect(mergeOutput('a\nb\nc', 'b\nc\nd')).toBe('a\nb\nc\nd');
    expect(mergeOutput('a\nb', 'a\nb')).toBe('a\nb');
    expect(mergeOutput('a\nb', '')).toBe('a\nb');
    expect(mergeOutput('', 'x')).toBe('x');
    expect(mergeOutput('abc', 'xyz')).toBe('abcxyz');
  });
});

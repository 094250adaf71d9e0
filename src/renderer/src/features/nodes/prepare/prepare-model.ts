import type { Job } from '@shared/contract/jobs';
import type { PreparePlan } from '@shared/contract/node-prepare';
import type { Node, NodeTest } from '@shared/contract/nodes';

/** Where the dialog is: showing the plan, running it, or showing how the last run ended. */
export type PrepareStage = 'plan' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export function stageOf(job: Job | null): PrepareStage {
  if (!job) return 'plan';
  if (job.status === 'running' || job.status === 'queued') return 'running';
  if (job.status === 'succeeded') return 'succeeded';
  if (job.status === 'cancelled') return 'cancelled';
  return 'failed';
}

/**
 * "Prepare this server…" is offered for an SSH node whose Docker step failed: in the test just run,
 * or, with none run since the page opened, when the node's last check left it degraded (SSH fine,
 * engine not answering).
 */
export function canPrepare(node: Node, lastTest: NodeTest | undefined): boolean {
  if (node.kind !== 'ssh') return false;
  if (lastTest) return lastTest.steps.some((step) => step.name === 'docker' && step.status === 'failed');
  return node.status === 'degraded';
}

/** Output kept by the app joined with what arrived while it was being read: the overlap once. */
export function mergeOutput(kept: string, streamed: string): string {
  if (streamed === '' || kept.endsWith(streamed)) return kept;
  for (let overlap = Math.min(kept.length, streamed.length); overlap > 0; overlap -= 1)
    if (kept.endsWith(streamed.slice(0, overlap))) return kept + streamed.slice(overlap);
  return kept + streamed;
}

const sudoText: Record<PreparePlan['sudo'], (user: string) => string> = {
  root: () => 'root',
  passwordless: (user) => `${user}, through sudo -n`,
  'needs-password': (user) => `${user} (sudo wants a password)`,
  missing: (user) => `${user} (no sudo)`,
};

/** "root", "deploy, through sudo -n"… */
export const runsAs = (plan: PreparePlan) => sudoText[plan.sudo](plan.user);

/** How Docker is started, in words. */
export const startText = (plan: PreparePlan) =>
  plan.init === 'systemd' ? 'systemd (now and at every boot)' : 'the distribution’s service script';

import type { NodeStatus, NodeTest } from '@shared/contract/nodes';

/** How many failed periodic checks in a row it takes to mark a node that was online as down. */
export const FAILURES_TO_MARK_DOWN = 2;

export interface Verdict {
  /** The status to record. */
  status: NodeStatus;
  /** Failed periodic checks in a row, this one included; 0 after a good one. */
  failures: number;
}

/**
 * A clear answer that will not change by itself on the next try: the server refused the login or
 * showed another host key. One such answer is enough; a timeout or a slow engine may be a blip.
 */
export const isClearRefusal = (test: NodeTest): boolean =>
  test.steps.some((step) => step.status === 'failed' && (step.name === 'auth' || step.name === 'hostKey'));

/**
 * What one periodic check means for a node's status. A node that was online stays online after one
 * failed check (the failure is kept as its last error) and is marked down on the second in a row, or
 * at once on a clear refusal. Any other status follows the check as it is.
 */
export function judgeCheck(previous: NodeStatus, test: NodeTest, failuresBefore: number): Verdict {
  if (test.status === 'online') return { status: 'online', failures: 0 };
  const failures = failuresBefore + 1;
  const isBlip = previous === 'online' && failures < FAILURES_TO_MARK_DOWN && !isClearRefusal(test);
  return { status: isBlip ? 'online' : test.status, failures };
}

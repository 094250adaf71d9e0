import type { NodeTest } from '@shared/contract/nodes';
import { formatLatency } from './node-format';
import { resourceFacts } from './node-page-model';
import styles from './nodes.module.css';

const mark = { ok: '✓', failed: '✗', skipped: '–' } as const;
const stepClass = { ok: styles.testStepOk, failed: styles.testStepFailed, skipped: styles.testStepSkipped };

export function TestResultView({ test }: { test: NodeTest }) {
  const r = test.resources;
  const facts = r ? resourceFacts(r) : null;
  return (
    <div data-testid="test-result">
      <ul className={styles.testSteps}>
        {test.steps.map((step) => (
          <li key={step.name} className={stepClass[step.status]}>
            <span aria-hidden>{mark[step.status]}</span> {step.label}
            {step.detail && step.status !== 'failed' ? <span className="muted"> · {step.detail}</span> : null}
          </li>
        ))}
      </ul>
      {test.error ? (
        <div className="banner banner-error" role="alert">
          {test.error.message}
        </div>
      ) : null}
      {facts && r ? (
        <dl className="facts">
          <dt>Docker</dt>
          <dd>{facts.engine}</dd>
          <dt>System</dt>
          <dd>{facts.system}</dd>
          <dt>CPU and memory</dt>
          <dd>
            {facts.cpus}, {facts.memory}
          </dd>
          <dt>Disk ({r.dockerRootDir})</dt>
          <dd>{facts.disk}</dd>
          <dt>Latency</dt>
          <dd>{formatLatency(test.latencyMs)}</dd>
        </dl>
      ) : null}
    </div>
  );
}

import type { NodeTest } from '@shared/contract/nodes';
import { formatBytes } from '../../components/format';
import { formatLatency } from './node-format';
import styles from './nodes.module.css';

const mark = { ok: '✓', failed: '✗', skipped: '–' } as const;
const stepClass = { ok: styles.testStepOk, failed: styles.testStepFailed, skipped: styles.testStepSkipped };

export function TestResultView({ test }: { test: NodeTest }) {
  const r = test.resources;
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
      {r ? (
        <dl className="facts">
          <dt>Docker</dt>
          <dd>
            {r.dockerVersion} (API {r.apiVersion})
          </dd>
          <dt>System</dt>
          <dd>
            {r.os}, kernel {r.kernel}
          </dd>
          <dt>CPU and memory</dt>
          <dd>
            {r.cpus} CPU, {formatBytes(r.memoryBytes)}
          </dd>
          <dt>Disk ({r.dockerRootDir})</dt>
          <dd>
            {r.diskFreeBytes === null
              ? 'unknown'
              : `${formatBytes(r.diskFreeBytes)} free of ${formatBytes(r.diskTotalBytes ?? 0)}`}
          </dd>
          <dt>Latency</dt>
          <dd>{formatLatency(test.latencyMs)}</dd>
        </dl>
      ) : null}
    </div>
  );
}

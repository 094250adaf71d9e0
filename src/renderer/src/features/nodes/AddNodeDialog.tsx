import { useState } from 'react';
import type { HostKeyScan, Node, NodeTest, SshConfigHost } from '@shared/contract/nodes';
import type { AppError } from '@shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { emptyNodeForm, fromSshConfigHost, toNodeFields, type NodeFormValues } from './node-form-model';
import { NodeForm } from './NodeForm';
import { TestResultView } from './TestResultView';
import styles from './nodes.module.css';

type Step =
  { name: 'details' } | { name: 'trust'; scan: HostKeyScan } | { name: 'done'; node: Node; test: NodeTest };

function SshConfigPicker({ onPick }: { onPick: (host: SshConfigHost) => void }) {
  const read = useAppStore((s) => s.sshConfigHosts);
  const [hosts, setHosts] = useState<SshConfigHost[] | null>(null);
  const action = useAction(read);
  if (hosts === null) {
    return (
      <button
        type="button"
        className="link-button"
        onClick={() => void action.run().then((found) => setHosts(found ?? []))}
      >
        Import from ~/.ssh/config
      </button>
    );
  }
  if (hosts.length === 0) return <span className="muted">No hosts found in ~/.ssh/config.</span>;
  return (
    <Field label="From ~/.ssh/config">
      {(id) => (
        <select
          id={id}
          defaultValue=""
          onChange={(e) => {
            const picked = hosts.find((h) => h.alias === e.target.value);
            if (picked) onPick(picked);
          }}
        >
          <option value="">Choose a host…</option>
          {hosts.map((host) => (
            <option key={host.alias} value={host.alias}>
              {host.alias} ({host.user ? `${host.user}@` : ''}
              {host.host}:{host.port}
              {host.proxyJump ? ` via ${host.proxyJump}` : ''})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function DetailsStep({
  values,
  onChange,
  error,
  isPending,
  onNext,
  onClose,
}: {
  values: NodeFormValues;
  onChange: (values: NodeFormValues) => void;
  error: AppError | null;
  isPending: boolean;
  onNext: () => void;
  onClose: () => void;
}) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onNext();
      }}
    >
      <SshConfigPicker onPick={(host) => onChange(fromSshConfigHost(host, values))} />
      <NodeForm values={values} onChange={onChange} error={error} />
      <ErrorBanner error={error && !error.field ? error : null} />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={isPending || !values.host.trim() || !values.name.trim()}
        >
          {isPending ? 'Connecting…' : 'Next: check the host key'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TrustStep({
  scan,
  isPending,
  onTrust,
  onBack,
}: {
  scan: HostKeyScan;
  isPending: boolean;
  onTrust: () => void;
  onBack: () => void;
}) {
  return (
    <div>
      <p>
        The server at{' '}
        <strong>
          {scan.host}:{scan.port}
        </strong>{' '}
        presents this host key ({scan.algorithm}):
      </p>
      <p className={`${styles.fingerprint} mono`} data-testid="scanned-fingerprint">
        {scan.fingerprint}
      </p>
      <p className="muted">
        Compare it with what the server itself says, for example by running{' '}
        <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on it (or in your provider&apos;s
        console). Trust it only if they match: from then on a different key is refused before logging in.
      </p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={isPending} onClick={onTrust}>
          {isPending ? 'Adding and testing…' : 'Trust and add'}
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
    </div>
  );
}

function DoneStep({
  node,
  test,
  onOpen,
  onClose,
}: {
  node: Node;
  test: NodeTest;
  onOpen: () => void;
  onClose: () => void;
}) {
  return (
    <div>
      <p>
        <strong>{node.name}</strong> was added. First test:
      </p>
      <TestResultView test={test} />
      <div className="form-actions">
        <button type="button" className="primary" onClick={onOpen}>
          Open node
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

/** Add a node in three steps: details, then the host key to trust (trust on first use), then the first test. */
export function AddNodeDialog({ onClose }: { onClose: () => void }) {
  const scanHostKey = useAppStore((s) => s.scanHostKey);
  const addNode = useAppStore((s) => s.addNode);
  const navigate = useAppStore((s) => s.navigate);
  const [values, setValues] = useState<NodeFormValues>(emptyNodeForm);
  const [step, setStep] = useState<Step>({ name: 'details' });
  const scanning = useAction(scanHostKey);
  const adding = useAction(addNode);

  const formError = adding.error ?? scanning.error;

  const scan = async () => {
    const fields = toNodeFields(values);
    const result = await scanning.run(fields.host, fields.port ?? 22, fields.jumpNodeId ?? null);
    if (result) setStep({ name: 'trust', scan: result });
  };
  const trust = async (fingerprint: string) => {
    const result = await adding.run({ ...toNodeFields(values), hostKeyFingerprint: fingerprint });
    if (result) setStep({ name: 'done', ...result });
    else setStep({ name: 'details' });
  };

  return (
    <Dialog title="Add a node" onClose={onClose}>
      {step.name === 'details' ? (
        <DetailsStep
          values={values}
          onChange={setValues}
          error={formError}
          isPending={scanning.isPending}
          onNext={() => void scan()}
          onClose={onClose}
        />
      ) : null}
      {step.name === 'trust' ? (
        <TrustStep
          scan={step.scan}
          isPending={adding.isPending}
          onTrust={() => void trust(step.scan.fingerprint)}
          onBack={() => setStep({ name: 'details' })}
        />
      ) : null}
      {step.name === 'done' ? (
        <DoneStep
          node={step.node}
          test={step.test}
          onOpen={() => {
            onClose();
            navigate({ page: 'nodes', id: step.node.id });
          }}
          onClose={onClose}
        />
      ) : null}
    </Dialog>
  );
}

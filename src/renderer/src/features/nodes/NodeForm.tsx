import { useEffect } from 'react';
import type { AppError } from '@shared/result';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import type { NodeFormValues } from './node-form-model';
import styles from './nodes.module.css';

interface Props {
  values: NodeFormValues;
  onChange: (values: NodeFormValues) => void;
  /** The node being edited, left out of the jump host choices. */
  nodeId?: string;
  isLocal?: boolean;
  error: AppError | null;
}

function AuthChoice({
  auth,
  onChange,
}: {
  auth: NodeFormValues['auth'];
  onChange: (auth: NodeFormValues['auth']) => void;
}) {
  return (
    <fieldset className={styles.fieldSet}>
      <legend>Log in with</legend>
      <label>
        <input type="radio" name="auth" checked={auth === 'key'} onChange={() => onChange('key')} /> a stored
        key
      </label>
      <label>
        <input type="radio" name="auth" checked={auth === 'agent'} onChange={() => onChange('agent')} /> my
        ssh-agent
      </label>
    </fieldset>
  );
}

function KeyField({
  keyId,
  error,
  onChange,
}: {
  keyId: string;
  error: string | null;
  onChange: (keyId: string) => void;
}) {
  const keys = useAppStore((s) => s.keys);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <Field label="Key" error={error}>
      {(id) => (
        <>
          <select id={id} value={keyId} onChange={(e) => onChange(e.target.value)}>
            <option value="">Choose a key…</option>
            {(keys ?? []).map((key) => (
              <option key={key.id} value={key.id}>
                {key.name} ({key.fingerprint.slice(0, 20)}…)
              </option>
            ))}
          </select>
          {keys?.length === 0 ? (
            <span className="muted">
              No keys yet.{' '}
              <button type="button" className="link-button" onClick={() => navigate({ page: 'keys' })}>
                Generate or import one
              </button>
            </span>
          ) : null}
        </>
      )}
    </Field>
  );
}

function SshFields({
  values,
  set,
  errorFor,
  nodeId,
}: {
  values: NodeFormValues;
  set: (patch: Partial<NodeFormValues>) => void;
  errorFor: (field: string) => string | null;
  nodeId: string | undefined;
}) {
  const nodes = useAppStore((s) => s.nodes);
  const jumpCandidates = (nodes ?? []).filter((node) => node.kind === 'ssh' && node.id !== nodeId);
  return (
    <>
      <div className="form-row">
        <Field label="Host" className={styles.grow} error={errorFor('host')}>
          {(id) => (
            <input
              id={id}
              value={values.host}
              onChange={(e) => set({ host: e.target.value })}
              placeholder="203.0.113.10 or server.example.com"
            />
          )}
        </Field>
        <Field label="Port" className={styles.narrow} error={errorFor('port')}>
          {(id) => (
            <input
              id={id}
              inputMode="numeric"
              value={values.port}
              onChange={(e) => set({ port: e.target.value })}
            />
          )}
        </Field>
        <Field label="User" error={errorFor('user')}>
          {(id) => <input id={id} value={values.user} onChange={(e) => set({ user: e.target.value })} />}
        </Field>
      </div>
      <AuthChoice auth={values.auth} onChange={(auth) => set({ auth })} />
      {values.auth === 'key' ? (
        <KeyField keyId={values.keyId} error={errorFor('keyId')} onChange={(keyId) => set({ keyId })} />
      ) : null}
      <Field label="Jump host (optional)" error={errorFor('jumpNodeId')}>
        {(id) => (
          <select id={id} value={values.jumpNodeId} onChange={(e) => set({ jumpNodeId: e.target.value })}>
            <option value="">None: connect directly</option>
            {jumpCandidates.map((node) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

export function NodeForm({ values, onChange, nodeId, isLocal = false, error }: Props) {
  const keys = useAppStore((s) => s.keys);
  const loadKeys = useAppStore((s) => s.loadKeys);
  useEffect(() => {
    if (!keys) void loadKeys();
  }, [keys, loadKeys]);
  const set = (patch: Partial<NodeFormValues>) => onChange({ ...values, ...patch });
  const errorFor = (field: string) => (error?.field === field ? error.message : null);

  return (
    <div className={styles.nodeForm}>
      <Field label="Name" error={errorFor('name')}>
        {(id) => (
          <input
            id={id}
            value={values.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="e.g. web-1"
          />
        )}
      </Field>
      {!isLocal ? <SshFields values={values} set={set} errorFor={errorFor} nodeId={nodeId} /> : null}
      <Field
        label="Docker socket on the node"
        hint="Leave empty to find it: DOCKER_HOST, /var/run/docker.sock, rootless Docker, then Podman."
        error={errorFor('dockerSocket')}
      >
        {(id) => (
          <input
            id={id}
            placeholder="found when the node is tested"
            value={values.dockerSocket}
            onChange={(e) => set({ dockerSocket: e.target.value })}
          />
        )}
      </Field>
      <UsageFields values={values} set={set} errorFor={errorFor} />
    </div>
  );
}

/** What the user keeps for themselves about a node: tags for placement, and what it costs a month. */
function UsageFields({
  values,
  set,
  errorFor,
}: {
  values: NodeFormValues;
  set: (patch: Partial<NodeFormValues>) => void;
  errorFor: (field: string) => string | null;
}) {
  return (
    <div className="form-row">
      <Field label="Tags (comma-separated)" className={styles.grow}>
        {(id) => (
          <input
            id={id}
            value={values.tags}
            onChange={(e) => set({ tags: e.target.value })}
            placeholder="prod, eu"
          />
        )}
      </Field>
      <Field label="Monthly cost" error={errorFor('monthlyCostCents')}>
        {(id) => (
          <input
            id={id}
            inputMode="decimal"
            value={values.monthlyCost}
            onChange={(e) => set({ monthlyCost: e.target.value })}
            placeholder="0.00"
          />
        )}
      </Field>
    </div>
  );
}

import { useEffect, useState, type SyntheticEvent } from 'react';
import type { Node } from '@shared/contract/nodes';
import type { RegistryLogin } from '@shared/contract/registries';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { formatAgo } from '../../components/relative-time';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import styles from './keys.module.css';

const NO_CHECK = '';

interface CredentialFieldsProps {
  host: string;
  setHost: (host: string) => void;
  username: string;
  setUsername: (username: string) => void;
  password: string;
  setPassword: (password: string) => void;
  fieldError: (field: string) => string | null;
}

function CredentialFields(props: CredentialFieldsProps) {
  const { host, setHost, username, setUsername, password, setPassword, fieldError } = props;
  return (
    <>
      <Field label="Registry" error={fieldError('host')}>
        {(id) => (
          <input
            id={id}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            placeholder="ghcr.io"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="User name" error={fieldError('username')}>
        {(id) => (
          <input
            id={id}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field label="Password or access token" error={fieldError('password')}>
        {(id) => (
          <input
            id={id}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="off"
          />
        )}
      </Field>
    </>
  );
}

function CheckFromField(props: {
  nodes: Node[] | null;
  verifyOn: string;
  onChange: (nodeId: string) => void;
}) {
  const { nodes, verifyOn, onChange } = props;
  return (
    <Field label="Check it from">
      {(id) => (
        <select id={id} value={verifyOn} onChange={(e) => onChange(e.target.value)}>
          {nodes?.map((node) => (
            <option key={node.id} value={node.id}>
              {node.name}
            </option>
          ))}
          <option value={NO_CHECK}>Save without checking</option>
        </select>
      )}
    </Field>
  );
}

function LoginForm() {
  const nodes = useAppStore((s) => s.nodes);
  const save = useAppStore((s) => s.saveRegistryLogin);
  const action = useAction(save);
  const [host, setHost] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [checkOn, setCheckOn] = useState<string | null>(null);
  // Check from the first node unless the user chose otherwise: a login that works from a node works for its pulls.
  const verifyOn = checkOn ?? nodes?.[0]?.id ?? NO_CHECK;
  const fieldError = (field: string) => (action.error?.field === field ? action.error.message : null);
  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void action
      .run({ host, username, password, ...(verifyOn === NO_CHECK ? {} : { verifyOnNodeId: verifyOn }) })
      .then((login) => {
        if (!login) return;
        setHost('');
        setUsername('');
        setPassword('');
      });
  };
  const otherError =
    action.error && !['host', 'username', 'password'].includes(action.error.field ?? '')
      ? action.error
      : null;
  return (
    <form className={styles.registryForm} onSubmit={onSubmit} aria-labelledby="registry-form-heading">
      <h3 id="registry-form-heading">Add or replace a login</h3>
      <div className="form-row">
        <CredentialFields
          host={host}
          setHost={setHost}
          username={username}
          setUsername={setUsername}
          password={password}
          setPassword={setPassword}
          fieldError={fieldError}
        />
        <CheckFromField nodes={nodes} verifyOn={verifyOn} onChange={setCheckOn} />
        <button
          type="submit"
          className="primary"
          disabled={action.isPending || !host.trim() || !username.trim() || !password}
        >
          {action.isPending ? (verifyOn === NO_CHECK ? 'Saving…' : 'Checking…') : 'Save login'}
        </button>
      </div>
      <ErrorBanner error={otherError} />
    </form>
  );
}

function LoginRow({ login }: { login: RegistryLogin }) {
  const remove = useAppStore((s) => s.deleteRegistryLogin);
  const deleting = useAction(remove);
  return (
    <tr data-testid="registry-login">
      <td className="mono">{login.host}</td>
      <td>{login.username}</td>
      <td>
        {login.verified ? `by ${login.verified.nodeName}, ${formatAgo(login.verified.at)}` : 'not checked'}
      </td>
      <td>
        <button
          type="button"
          className="danger"
          disabled={deleting.isPending}
          onClick={() => void deleting.run(login.id)}
          aria-label={`Delete the login for ${login.host}`}
        >
          Delete
        </button>
        <ErrorBanner error={deleting.error} />
      </td>
    </tr>
  );
}

/** Logins the nodes use to pull private images; each password goes straight to the keychain. */
export function RegistryLogins() {
  const logins = useAppStore((s) => s.registryLogins);
  const error = useAppStore((s) => s.registryLoginsError);
  const load = useAppStore((s) => s.loadRegistryLogins);
  const watch = useAppStore((s) => s.watchRegistryLogins);
  const loadNodes = useAppStore((s) => s.loadNodes);
  useEffect(() => {
    void load();
    void loadNodes();
    return watch();
  }, [load, loadNodes, watch]);

  return (
    <section className={`card ${styles.registryLogins}`} aria-labelledby="registry-logins-heading">
      <h2 id="registry-logins-heading">Registry logins</h2>
      <p className="muted">
        For templates whose images are private. A node pulling an image from one of these registries logs in
        with the saved user and password; the password stays in the OS keychain (or your vault). One login per
        registry: saving again replaces it.
      </p>
      <ErrorBanner error={error} />
      {logins && logins.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Registry</th>
              <th>User</th>
              <th>Checked</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {logins.map((login) => (
              <LoginRow key={login.id} login={login} />
            ))}
          </tbody>
        </table>
      ) : null}
      {logins && logins.length === 0 ? (
        <EmptyState title="No registry logins">Public images need none.</EmptyState>
      ) : null}
      <LoginForm />
    </section>
  );
}

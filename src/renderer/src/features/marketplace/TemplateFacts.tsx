import type {
  Mount,
  NormalizedCompose,
  TemplateManifest,
  ValidationIssue,
} from '@shared/contract/template-model';
import { categoryLabel, formatMemory, formatCustomerPrice, issueWhere } from './template-format';
import styles from './marketplace.module.css';

const mountText = (mount: Mount): string => {
  if (mount.type === 'tmpfs') return `tmpfs → ${mount.target}`;
  return `${mount.source ?? '(anonymous)'} → ${mount.target}${mount.readOnly ? ' (read-only)' : ''}`;
};

export function Overview({ manifest }: { manifest: TemplateManifest }) {
  return (
    <section className="card" aria-labelledby="overview-heading">
      <h2 id="overview-heading">Overview</h2>
      <dl className="facts">
        <dt>Category</dt>
        <dd>{categoryLabel(manifest.category)}</dd>
        <dt>Price to customers</dt>
        <dd data-testid="detail-price">{formatCustomerPrice(manifest.price_monthly_cents)}</dd>
        <dt>Resources</dt>
        <dd data-testid="detail-resources">
          {manifest.resources.cpu_cores} CPU · {formatMemory(manifest.resources.memory_mb)} memory ·{' '}
          {formatMemory(manifest.resources.disk_mb)} disk
        </dd>
        <dt>Opens</dt>
        <dd>
          {manifest.primary
            ? `${manifest.primary.service}, port ${manifest.primary.port} (${manifest.primary.scheme})`
            : 'No web interface'}
        </dd>
        {manifest.tags.length > 0 ? (
          <>
            <dt>Tags</dt>
            <dd>{manifest.tags.join(', ')}</dd>
          </>
        ) : null}
        {manifest.homepage ? (
          <>
            <dt>Homepage</dt>
            <dd className="mono">{manifest.homepage}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function Warnings({ errors, warnings }: { errors: ValidationIssue[]; warnings: ValidationIssue[] }) {
  const policy = warnings.filter((w) => w.code.startsWith('policy:'));
  const other = warnings.filter((w) => !w.code.startsWith('policy:'));
  const list = (issues: ValidationIssue[]) => (
    <ul className={styles.issueList}>
      {issues.map((issue, index) => (
        <li key={index}>
          <span className={styles.issueWhere}>{issueWhere(issue)}</span> {issue.message}
        </li>
      ))}
    </ul>
  );
  return (
    <>
      {errors.length > 0 ? (
        <div className={`banner banner-error ${styles.bannerBlock}`} role="alert">
          <strong>This version no longer passes validation and cannot be deployed.</strong>
          {list(errors)}
        </div>
      ) : null}
      {policy.length > 0 ? (
        <div className={`banner banner-warn ${styles.bannerBlock}`} role="note" data-testid="policy-warnings">
          <strong>This template gives its containers access to the host.</strong> Deploying it needs your
          explicit confirmation.
          {list(policy)}
        </div>
      ) : null}
      {other.length > 0 ? (
        <section className="card" aria-labelledby="warnings-heading">
          <h2 id="warnings-heading">Warnings</h2>
          {list(other)}
        </section>
      ) : null}
    </>
  );
}

export function Services({ compose }: { compose: NormalizedCompose }) {
  return (
    <section className="card" aria-labelledby="services-heading">
      <h2 id="services-heading">Services</h2>
      <table className="table" data-testid="services">
        <thead>
          <tr>
            <th>Service</th>
            <th>Image</th>
            <th>Ports</th>
            <th>Storage</th>
            <th>Starts after</th>
            <th>Healthcheck</th>
          </tr>
        </thead>
        <tbody>
          {compose.services.map((service) => (
            <tr key={service.name}>
              <td>{service.name}</td>
              <td className="mono">{service.image}</td>
              <td>
                {[
                  ...service.ports.map((p) => `${p.target}/${p.protocol}`),
                  ...service.expose.map((p) => `${p.port}/${p.protocol} (internal)`),
                ].join(', ') || '—'}
              </td>
              <td>{service.mounts.map(mountText).join(', ') || '—'}</td>
              <td>
                {service.dependsOn
                  .map((d) => `${d.service}${d.condition === 'service_healthy' ? ' (healthy)' : ''}`)
                  .join(', ') || '—'}
              </td>
              <td>{service.healthcheck && !service.healthcheck.disabled ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {compose.volumes.length > 0 ? (
        <p className="muted" data-testid="volumes">
          Volumes: {compose.volumes.map((v) => v.name).join(', ')}
        </p>
      ) : null}
    </section>
  );
}

export function Variables({ manifest }: { manifest: TemplateManifest }) {
  if (manifest.variables.length === 0 && manifest.secrets.length === 0) return null;
  return (
    <section className="card" aria-labelledby="variables-heading">
      <h2 id="variables-heading">Variables and secrets</h2>
      <table className="table" data-testid="variables">
        <thead>
          <tr>
            <th>Name</th>
            <th>Asks for</th>
            <th>Type</th>
            <th>Default</th>
          </tr>
        </thead>
        <tbody>
          {manifest.variables.map((v) => (
            <tr key={v.name}>
              <td className="mono">{v.name}</td>
              <td>
                {v.label}
                {v.required ? ' (required)' : ''}
              </td>
              <td>{v.type}</td>
              <td className="mono">{v.type === 'password' ? '••••' : (v.default ?? '—')}</td>
            </tr>
          ))}
          {manifest.secrets.map((s) => (
            <tr key={s.name}>
              <td className="mono">{s.name}</td>
              <td>{s.description ?? 'Generated once per deployment'}</td>
              <td>
                secret:{' '}
                {s.kind === 'password'
                  ? `password, ${s.length} characters`
                  : s.kind === 'uuid'
                    ? 'uuid'
                    : `${s.kind}, ${s.bytes} bytes`}
              </td>
              <td>generated</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useEffect, type ReactNode } from 'react';
import type { TemplateDetail } from '@shared/contract/templates';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { TemplateActions } from './TemplateActions';
import { Overview, Services, Variables, Warnings } from './TemplateFacts';
import { formatDate } from './template-format';
import { TemplateIcon } from './TemplateIcon';
import { YamlView } from './YamlView';
import styles from './marketplace.module.css';

const statusBadge = { draft: 'badge-warn', published: 'badge-ok', unpublished: '' } as const;

function Versions({ detail }: { detail: TemplateDetail }) {
  const load = useAppStore((s) => s.loadTemplate);
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <ul className={styles.versionList} data-testid="versions">
        {detail.versions.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              className={
                v.version === detail.selected.version ? `link-button ${styles.current}` : 'link-button'
              }
              aria-current={v.version === detail.selected.version ? 'true' : undefined}
              onClick={() => void load(detail.summary.id, v.version)}
            >
              {v.version}
            </button>{' '}
            <span className={`badge ${statusBadge[v.status]}`}>{v.status}</span>{' '}
            <span className="muted">
              {v.publishedAt
                ? `published ${formatDate(v.publishedAt)}`
                : `created ${formatDate(v.createdAt)}`}
            </span>
          </li>
        ))}
      </ul>
      {detail.usedBy.length > 0 ? (
        <p className="muted" data-testid="used-by">
          Used by {detail.usedBy.map((d) => `${d.name} (${d.version})`).join(', ')}
        </p>
      ) : null}
    </section>
  );
}

function DetailBadges({ detail }: { detail: TemplateDetail }) {
  const { status, version } = detail.selected;
  return (
    <div className={styles.detailMeta}>
      <span className="badge" data-testid="detail-version">
        v{version}
      </span>
      <span className={`badge ${statusBadge[status]}`}>{status}</span>
      <span className="badge">
        {detail.isReadOnly ? 'Built-in' : detail.summary.source === 'imported' ? 'Imported' : 'Yours'}
      </span>
    </div>
  );
}

function TemplateDetailPage({ detail, back }: { detail: TemplateDetail; back: ReactNode }) {
  const { manifest, report, compose } = detail.selected;
  return (
    <div className="page">
      {back}
      <PageHeader
        title={manifest.name}
        subtitle={manifest.description}
        actions={<TemplateIcon icon={manifest.icon} name={manifest.name} />}
      />
      <DetailBadges detail={detail} />
      <TemplateActions detail={detail} />
      <Warnings errors={report.errors} warnings={report.warnings} />
      <div className="detail-columns">
        <Overview manifest={manifest} />
        <Versions detail={detail} />
      </div>
      {report.compose ? <Services compose={report.compose} /> : null}
      <Variables manifest={manifest} />
      <section className="card" aria-labelledby="compose-heading">
        <h2 id="compose-heading">Compose file</h2>
        <YamlView text={compose} label="Compose file" />
      </section>
      {manifest.notes ? (
        <section className="card" aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <p className={styles.notes}>{manifest.notes}</p>
        </section>
      ) : null}
    </div>
  );
}

export function TemplateDetailView({ id }: { id: string }) {
  const detail = useAppStore((s) => (s.templateDetail?.summary.id === id ? s.templateDetail : null));
  const failure = useAppStore((s) => (s.templateDetailError?.id === id ? s.templateDetailError.error : null));
  const open = useAppStore((s) => s.openTemplate);
  const navigate = useAppStore((s) => s.navigate);
  useEffect(() => {
    void open(id);
  }, [id, open]);

  const back = (
    <button type="button" className="link-button back-link" onClick={() => navigate({ page: 'marketplace' })}>
      ← All templates
    </button>
  );
  if (failure?.code === 'not_found') {
    return (
      <div className="page">
        {back}
        <EmptyState title="Template not found">
          <p>There is no template with id {id}. It may have been deleted.</p>
        </EmptyState>
      </div>
    );
  }
  if (!detail)
    return (
      <div className="page">
        {back}
        {failure ? <ErrorBanner error={failure} /> : <p className="muted">Loading…</p>}
      </div>
    );

  return <TemplateDetailPage detail={detail} back={back} />;
}

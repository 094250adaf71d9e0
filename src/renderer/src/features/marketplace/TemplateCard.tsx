import type { TemplateSummary } from '@shared/contract/templates';
import { useAppStore } from '../../store';
import { categoryLabel, formatCustomerPrice } from './template-format';
import { TemplateIcon } from './TemplateIcon';
import styles from './marketplace.module.css';

export function TemplateCard({ template }: { template: TemplateSummary }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <li data-testid="template-card">
      <button
        type="button"
        className={styles.templateCardButton}
        onClick={() => navigate({ page: 'marketplace', id: template.id })}
        aria-label={`Open ${template.name}`}
      >
        <div className={styles.templateCardHead}>
          <TemplateIcon icon={template.icon} name={template.name} />
          <div>
            <h3 className={styles.templateName}>{template.name}</h3>
            <span className="muted">v{template.version}</span>
            {template.status !== 'published' ? (
              <span className="badge badge-warn">
                {template.status === 'draft' ? 'Draft' : 'Unpublished'}
              </span>
            ) : null}
            {template.hasDraft && template.status === 'published' ? (
              <span className="badge">Draft pending</span>
            ) : null}
          </div>
        </div>
        <p className={styles.templateDescription}>{template.description}</p>
        <div className={styles.templateCardFoot}>
          <span className="badge">{categoryLabel(template.category)}</span>
          {template.isFlagged ? <span className="badge badge-error">Host access</span> : null}
          <span className={styles.templatePrice} data-testid="template-price">
            {formatCustomerPrice(template.priceMonthlyCents)}
          </span>
        </div>
      </button>
    </li>
  );
}

import type { TemplateSummary } from '@shared/contract/templates';
import { useAppStore } from '../../store';
import { categoryLabel, formatPrice } from './template-format';
import { TemplateIcon } from './TemplateIcon';

export function TemplateCard({ template }: { template: TemplateSummary }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <li className="template-card" data-testid="template-card">
      <button
        type="button"
        className="template-card-button"
        onClick={() => navigate({ page: 'marketplace', id: template.id })}
        aria-label={`Open ${template.name}`}
      >
        <div className="template-card-head">
          <TemplateIcon icon={template.icon} name={template.name} />
          <div>
            <h3 className="template-name">{template.name}</h3>
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
        <p className="template-description">{template.description}</p>
        <div className="template-card-foot">
          <span className="badge">{categoryLabel(template.category)}</span>
          {template.isFlagged ? <span className="badge badge-error">Host access</span> : null}
          <span className="template-price" data-testid="template-price">
            {formatPrice(template.priceMonthlyCents)}
          </span>
        </div>
      </button>
    </li>
  );
}

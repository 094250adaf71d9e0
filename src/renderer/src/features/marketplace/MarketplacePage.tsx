import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { BrowseView } from './BrowseView';
import { TemplateDetailView } from './TemplateDetailView';
import { TemplateEditor } from './TemplateEditor';

/** `#/marketplace`, `#/marketplace/new`, `#/marketplace/<id>` and `#/marketplace/<id>/edit`. */
export function MarketplacePage() {
  const id = useAppStore((s) => s.route.id);
  const view = useAppStore((s) => s.route.view);
  const watch = useAppStore((s) => s.watchTemplates);
  useEffect(() => watch(), [watch]);

  if (id === undefined) return <BrowseView />;
  if (id === 'new') return <TemplateEditor id={null} />;
  if (view === 'edit') return <TemplateEditor key={id} id={id} />;
  return <TemplateDetailView id={id} />;
}

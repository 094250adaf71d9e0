import { useEffect, useState } from 'react';
import type { TemplateDetail } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { DeployForm } from './DeployForm';
import { TemplatePicker } from './TemplatePicker';

/** The deploy targets, and the requested template version, each time the request changes. */
function useRequestedTemplate(request: { templateId: string; version: string } | null) {
  const fetchTemplate = useAppStore((s) => s.fetchTemplate);
  const loadTargets = useAppStore((s) => s.loadDeployTargets);
  const [loaded, setLoaded] = useState<{ key: string; detail: TemplateDetail } | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  useEffect(() => {
    loadTargets().catch((failure: unknown) => setError(errorViewOf(failure)));
  }, [loadTargets]);
  useEffect(() => {
    if (!request) return;
    let isCurrent = true;
    fetchTemplate(request.templateId, request.version).then(
      (detail) => {
        if (isCurrent) setLoaded({ key: `${request.templateId}@${request.version}`, detail });
      },
      (failure: unknown) => {
        if (isCurrent) setError(errorViewOf(failure));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [request, fetchTemplate]);
  return { loaded, error };
}

/** `#/deployments/new`: the template comes from the store's `deployRequest` (set by the marketplace's Deploy). */
export function DeployWizard() {
  const request = useAppStore((s) => s.deployRequest);
  const navigate = useAppStore((s) => s.navigate);
  const { loaded, error } = useRequestedTemplate(request);
  const key = request ? `${request.templateId}@${request.version}` : null;

  const back = (
    <button type="button" className="link-button back-link" onClick={() => navigate({ page: 'deployments' })}>
      ← All deployments
    </button>
  );
  if (!request) {
    return (
      <div className="page">
        {back}
        <PageHeader title="New deployment" subtitle="Pick the template to deploy." />
        <TemplatePicker />
      </div>
    );
  }
  // Keeps the form (and what the user typed) while another version of the same template loads.
  const detail =
    loaded && (loaded.key === key || loaded.detail.summary.id === request.templateId) ? loaded.detail : null;
  return (
    <div className="page">
      {back}
      <PageHeader
        title={detail ? `Deploy ${detail.selected.manifest.name}` : 'New deployment'}
        subtitle="Choose where it runs and how it is set up."
      />
      <ErrorBanner error={error} />
      {detail ? (
        <DeployForm key={detail.summary.id} detail={detail} isLoadingVersion={loaded?.key !== key} />
      ) : (
        <p className="muted">Loading the template…</p>
      )}
    </div>
  );
}

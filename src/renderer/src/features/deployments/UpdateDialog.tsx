import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { TemplateDetail } from '@shared/contract/templates';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { messageOf } from '../../store/slice';
import { VariablesForm } from './VariablesForm';
import { failureView, formValues, valueErrors, valuesToSend, type FailureView } from './wizard-model';

const noValues: Record<string, string> = {};

/** A new revision: another template version and/or new values; a blank password keeps the current one. */
export function UpdateDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const fetchTemplate = useAppStore((s) => s.fetchTemplate);
  const update = useAppStore((s) => s.updateDeployment);
  const [version, setVersion] = useState(detail.templateVersion);
  const [template, setTemplate] = useState<TemplateDetail | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [hasTried, setHasTried] = useState(false);
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const current = detail.revisions.find((r) => r.status === 'active') ?? detail.revisions[0];

  useEffect(() => {
    let isCurrent = true;
    fetchTemplate(detail.templateId, version).then(
      (loaded) => {
        if (isCurrent) setTemplate(loaded);
      },
      (error: unknown) => {
        if (isCurrent) setFailure({ fields: {}, message: messageOf(error), risks: [] });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [detail.templateId, version, fetchTemplate]);

  const shown = template?.selected.version === version ? template : null;
  const variables = shown?.selected.manifest.variables ?? [];
  const values = formValues(variables, current?.variables ?? noValues, edits);
  const serverErrors = Object.fromEntries(
    Object.entries(failure?.fields ?? {}).map(([field, message]) => [
      field.replace(/^variables\./, ''),
      message,
    ]),
  );
  const versions = (template?.versions ?? []).filter(
    (v) => v.status === 'published' || v.version === detail.templateVersion,
  );

  const submit = async () => {
    setHasTried(true);
    if (Object.keys(valueErrors(variables, values, true)).length > 0) return;
    setIsBusy(true);
    setFailure(null);
    try {
      await update(detail.id, { version, variables: valuesToSend(values) });
      onClose();
    } catch (error) {
      setFailure(
        failureView(
          error,
          variables.map((v) => `variables.${v.name}`),
        ),
      );
      setIsBusy(false);
    }
  };
  return (
    <Dialog title={`Update ${detail.name}`} onClose={onClose}>
      <ErrorBanner message={failure?.message ?? null} />
      <label className="field">
        Template version
        <select value={version} onChange={(event) => setVersion(event.target.value)}>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              {v.version}
              {v.version === detail.templateVersion ? ' (current)' : ''}
            </option>
          ))}
        </select>
      </label>
      {shown ? (
        <VariablesForm
          variables={variables}
          values={values}
          errors={{ ...(hasTried ? valueErrors(variables, values, true) : {}), ...serverErrors }}
          onChange={(name, value) => setEdits({ ...edits, [name]: value })}
          passwordHint="Leave blank to keep the current value."
        />
      ) : (
        <p className="muted">Loading version {version}…</p>
      )}
      <p className="muted">If the new revision does not become healthy, the current one is restored.</p>
      <div className="page-actions">
        <button type="button" className="primary" disabled={isBusy || !shown} onClick={() => void submit()}>
          {isBusy ? 'Updating…' : 'Update'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

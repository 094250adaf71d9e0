import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { TemplateDetail } from '@shared/contract/templates';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { messageOf } from '../../store/slice';
import { PolicyConsent } from './PolicyConsent';
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
  const [isAccepted, setIsAccepted] = useState(false);
  const current = detail.revisions.find((r) => r.status === 'active') ?? detail.revisions[0];

  useEffect(() => {
    let isCurrent = true;
    fetchTemplate(detail.templateId, version).then(
      (loaded) => {
        if (isCurrent) setTemplate(loaded);
      },
      (error: unknown) => {
        if (isCurrent) setFailure({ fields: {}, message: messageOf(error), findings: [] });
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
    Object.entries(failure?.fields ?? {}).flatMap(([field, message]) =>
      field.startsWith('variables.') ? [[field.slice('variables.'.length), message]] : [],
    ),
  );
  // What the new revision asks of the node beyond what was accepted: the core lists it on refusal.
  const findings = failure?.findings ?? [];
  const versions = (template?.versions ?? []).filter(
    (v) => v.status === 'published' || v.version === detail.templateVersion,
  );

  const submit = async () => {
    setHasTried(true);
    if (Object.keys(valueErrors(variables, values, true)).length > 0) return;
    setIsBusy(true);
    setFailure(null);
    try {
      await update(detail.id, {
        version,
        variables: valuesToSend(values),
        acceptFindings: isAccepted ? findings.map((finding) => finding.key) : [],
      });
      onClose();
    } catch (error) {
      setFailure(failureView(error, ['acceptFindings', ...variables.map((v) => `variables.${v.name}`)]));
      setIsAccepted(false);
      setIsBusy(false);
    }
  };
  return (
    <Dialog title={`Update ${detail.name}`} onClose={onClose}>
      <ErrorBanner message={failure?.message ?? null} />
      <label className="field">
        Template version
        <select
          value={version}
          onChange={(event) => {
            setVersion(event.target.value);
            setFailure(null);
          }}
        >
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
      <PolicyConsent
        findings={findings}
        isAccepted={isAccepted}
        error={undefined}
        onChange={setIsAccepted}
        title={`Version ${version} gives its containers more of the node than you accepted before:`}
        consent="I accept these and want to update"
      />
      <p className="muted">If the new revision does not become healthy, the current one is restored.</p>
      <div className="page-actions">
        <button
          type="button"
          className="primary"
          disabled={isBusy || !shown || (findings.length > 0 && !isAccepted)}
          onClick={() => void submit()}
        >
          {isBusy ? 'Updating…' : findings.length > 0 ? 'Accept and update' : 'Update'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

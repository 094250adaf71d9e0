import type { DeploymentDetail } from '@shared/contract/deployments';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { DiffView } from './DiffView';
import { PolicyConsent } from './PolicyConsent';
import { UpdateImpact } from './UpdateImpact';
import { useUpdateForm } from './use-update-form';
import { VariablesForm } from './VariablesForm';

function VersionField({
  version,
  versions,
  currentVersion,
  onChange,
}: {
  version: string;
  versions: readonly { version: string }[];
  currentVersion: string;
  onChange: (version: string) => void;
}) {
  return (
    <Field label="Template version">
      {(id) => (
        <select id={id} value={version} onChange={(event) => onChange(event.target.value)}>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              {v.version}
              {v.version === currentVersion ? ' (current)' : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A new revision: another template version and/or new values; a blank password keeps the current one. */
export function UpdateDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const form = useUpdateForm(detail, onClose);
  const hasFindings = form.findings.length > 0;
  const current = detail.revisions.find((r) => r.status === 'active') ?? detail.revisions[0];
  return (
    <Dialog title={`Update ${detail.name}`} onClose={onClose}>
      <ErrorBanner error={form.failure?.error ?? null} />
      <VersionField
        version={form.version}
        versions={form.versions}
        currentVersion={detail.templateVersion}
        onChange={form.chooseVersion}
      />
      <p className="muted" data-testid="current-version">
        {detail.updateAvailable
          ? `Running ${detail.templateVersion} now; ${detail.updateAvailable} is the newest published version.`
          : `Running ${detail.templateVersion} now; no newer version is published.`}
      </p>
      {form.shown ? (
        <VariablesForm
          variables={form.variables}
          values={form.values}
          errors={form.errors}
          onChange={form.edit}
          passwordHint="Leave blank to keep the current value."
        />
      ) : (
        <p className="muted">Loading version {form.version}…</p>
      )}
      {form.shown ? (
        <DiffView label="Compose file" before={current?.compose ?? ''} after={form.shown.selected.compose} />
      ) : null}
      <PolicyConsent
        findings={form.findings}
        isAccepted={form.isAccepted}
        error={undefined}
        onChange={form.setIsAccepted}
        title={`Version ${form.version} gives its containers more of the node than you accepted before:`}
        consent="I accept these and want to update"
      />
      <UpdateImpact deploymentId={detail.id} version={form.version} />
      <p className="muted">If the new revision does not become healthy, the current one is restored.</p>
      <DialogActions
        confirmLabel={form.isBusy ? 'Updating…' : hasFindings ? 'Accept and update' : 'Update'}
        isDisabled={form.isBusy || !form.shown || (hasFindings && !form.isAccepted)}
        onConfirm={() => void form.submit()}
        onCancel={onClose}
      />
    </Dialog>
  );
}

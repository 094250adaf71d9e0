import { useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { DiffView } from './DiffView';
import { PolicyConsent } from './PolicyConsent';
import { ServiceSettingsFields } from './ServiceSettingsFields';
import { useSettingsForm } from './use-settings-form';
import { VariablesForm } from './VariablesForm';
import styles from './settings.module.css';

type SettingsState = ReturnType<typeof useSettingsForm>;

/** The values and each service's settings, as edited. */
function EditStage({ state }: { state: SettingsState }) {
  const variableErrors = Object.fromEntries(
    Object.entries(state.errors).flatMap(([field, message]) =>
      field.startsWith('variables.') ? [[field.slice('variables.'.length), message]] : [],
    ),
  );
  return (
    <div className={styles.dialogBody}>
      <h3>Template variables</h3>
      <VariablesForm
        variables={state.variables}
        values={state.values}
        errors={variableErrors}
        onChange={state.editValue}
        passwordHint="Leave blank to keep the current value."
      />
      <h3>Services</h3>
      <p className="muted">
        Extra environment is kept with the deployment&apos;s settings (not in the keychain): put passwords in
        the template&apos;s password variables.
      </p>
      {state.facts.map((service) => {
        const form = state.form[service.name];
        return form ? (
          <ServiceSettingsFields
            key={service.name}
            service={service}
            form={form}
            errors={state.errors}
            onChange={(next) => state.edit({ ...state.form, [service.name]: next })}
          />
        ) : null;
      })}
    </div>
  );
}

/** The compose as it runs and as it would, and what the switch does to the app. */
function ReviewStage({ state }: { state: SettingsState }) {
  if (!state.preview) return null;
  const { staysUp, reason } = state.preview;
  return (
    <div className={styles.dialogBody}>
      <DiffView label="Compose file" before={state.preview.current} after={state.preview.next} />
      <p className="muted" data-testid="settings-impact">
        {staysUp
          ? 'The app stays up: the new revision starts next to the running one and takes over once it is healthy.'
          : `The app stops while the change is applied (${reason ?? 'the two revisions cannot run together'}); it is back once the new revision is healthy.`}
      </p>
      <PolicyConsent
        findings={state.failure?.findings ?? []}
        isAccepted={state.isAccepted}
        error={undefined}
        onChange={state.setIsAccepted}
        title="These settings give the containers more of the node than you accepted before:"
        consent="I accept these and want to apply the settings"
      />
      <p className="muted">If the new revision does not become healthy, the current one is restored.</p>
    </div>
  );
}

/** Asked before the dialog closes over edits: they would be lost. */
function DiscardQuestion({ onDiscard, onKeep }: { onDiscard: () => void; onKeep: () => void }) {
  return (
    <div className="banner banner-warn" role="alert" data-testid="discard-settings">
      <span>Close without applying? Your changes will be lost.</span>
      <button type="button" className="danger" onClick={onDiscard}>
        Discard changes
      </button>
      <button type="button" onClick={onKeep}>
        Keep editing
      </button>
    </div>
  );
}

/** Settings after deploy: edit, review the compose diff, then apply as an update with progress. */
export function SettingsDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const state = useSettingsForm(detail, onClose);
  const [isLeaving, setIsLeaving] = useState(false);
  const needsYes = (state.failure?.findings.length ?? 0) > 0 && !state.isAccepted;
  const close = () => (state.isDirty ? setIsLeaving(true) : onClose());
  return (
    <Dialog title={`Settings of ${detail.name}`} onClose={close}>
      {isLeaving ? <DiscardQuestion onDiscard={onClose} onKeep={() => setIsLeaving(false)} /> : null}
      <ErrorBanner error={state.loadError ?? state.failure?.error ?? null} />
      {!state.loaded ? (
        state.loadError ? null : (
          <p className="muted">Loading settings…</p>
        )
      ) : state.preview ? (
        <>
          <ReviewStage state={state} />
          <div className="page-actions">
            <button
              type="button"
              className="primary"
              disabled={state.isBusy || needsYes}
              onClick={() => void state.apply()}
            >
              {state.isBusy ? 'Applying…' : 'Apply'}
            </button>
            <button type="button" disabled={state.isBusy} onClick={state.back}>
              Back to editing
            </button>
          </div>
        </>
      ) : (
        <>
          <EditStage state={state} />
          <DialogActions
            confirmLabel={state.isBusy ? 'Reviewing…' : 'Review changes'}
            isDisabled={state.isBusy}
            onConfirm={() => void state.review()}
            onCancel={close}
          />
        </>
      )}
    </Dialog>
  );
}

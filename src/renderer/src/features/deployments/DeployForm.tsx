import type { TemplateManifest } from '@shared/contract/template-model';
import type { TemplateDetail } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { AccessFields } from './AccessFields';
import { PlacementFields } from './PlacementFields';
import { PolicyConsent } from './PolicyConsent';
import { useDeployForm } from './use-deploy-form';
import { VariablesForm } from './VariablesForm';
import styles from './deployments.module.css';

function WhatSection({
  detail,
  isLoadingVersion,
  name,
  nameError,
  isNameInvalid,
  onName,
}: {
  detail: TemplateDetail;
  isLoadingVersion: boolean;
  name: string;
  nameError: string | null | undefined;
  isNameInvalid: boolean;
  onName: (name: string) => void;
}) {
  const choose = useAppStore((s) => s.chooseDeployTemplate);
  const templateId = detail.summary.id;
  const { version } = detail.selected;
  const publishedVersions = detail.versions.filter((v) => v.status === 'published' || v.version === version);
  return (
    <fieldset className={`card ${styles.deploySection}`}>
      <legend>What</legend>
      <div className="form-grid">
        <Field label="Version">
          {(id) => (
            <select
              id={id}
              value={version}
              disabled={isLoadingVersion}
              onChange={(event) => choose({ templateId, version: event.target.value })}
            >
              {publishedVersions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" error={nameError} isErrorAlert>
          {(id) => (
            <input
              id={id}
              value={name}
              onChange={(event) => onName(event.target.value)}
              aria-invalid={isNameInvalid}
              spellCheck={false}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

function SettingsSection({
  manifest,
  values,
  errors,
  onChange,
}: {
  manifest: TemplateManifest;
  values: Readonly<Record<string, string>>;
  errors: Readonly<Record<string, string>>;
  onChange: (name: string, value: string) => void;
}) {
  return (
    <fieldset className={`card ${styles.deploySection}`}>
      <legend>Settings</legend>
      <VariablesForm variables={manifest.variables} values={values} errors={errors} onChange={onChange} />
      {manifest.secrets.length > 0 ? (
        <p className="muted" data-testid="generated-secrets">
          Generated for you and kept in the OS keychain: {manifest.secrets.map((s) => s.name).join(', ')}.
        </p>
      ) : null}
    </fieldset>
  );
}

export function DeployForm({
  detail,
  isLoadingVersion,
}: {
  detail: TemplateDetail;
  isLoadingVersion: boolean;
}) {
  const navigate = useAppStore((s) => s.navigate);
  const form = useDeployForm(detail);
  const { inputs, set } = form;
  const { manifest } = detail.selected;
  const isBlocked = form.isBusy || isLoadingVersion || (form.findings.length > 0 && !inputs.acceptRisks);
  return (
    <form className={styles.deployForm} onSubmit={(event) => void form.submit(event)} noValidate>
      <ErrorBanner error={form.failure?.error ?? null} onDismiss={form.dismissFailure} />
      <WhatSection
        detail={detail}
        isLoadingVersion={isLoadingVersion}
        name={inputs.name}
        nameError={form.nameError}
        isNameInvalid={form.isNameInvalid}
        onName={(name) => set({ name })}
      />
      <PlacementFields
        needs={manifest.resources}
        nodeId={form.nodeId}
        tags={inputs.tags}
        error={form.failure?.fields.nodeId}
        onNode={(pickedNode) => set({ pickedNode })}
        onTags={(tags) => set({ tags })}
      />
      <SettingsSection
        manifest={manifest}
        values={form.values}
        errors={form.variableErrors}
        onChange={(key, value) => set({ edits: { ...inputs.edits, [key]: value } })}
      />
      <AccessFields
        exposure={inputs.exposure}
        customerId={inputs.customerId}
        onExposure={(exposure) => set({ exposure })}
        onCustomer={(customerId) => set({ customerId })}
      />
      <PolicyConsent
        findings={form.findings}
        isAccepted={inputs.acceptRisks}
        error={form.failure?.fields.acceptFindings}
        onChange={(acceptRisks) => set({ acceptRisks })}
      />
      <div className="page-actions">
        <button type="submit" className="primary" disabled={isBlocked}>
          {form.isBusy ? 'Deploying…' : 'Deploy'}
        </button>
        <button type="button" onClick={() => navigate({ page: 'deployments' })}>
          Cancel
        </button>
      </div>
    </form>
  );
}

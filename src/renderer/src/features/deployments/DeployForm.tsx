import { useState, type SyntheticEvent } from 'react';
import type { Exposure } from '@shared/contract/deployment-model';
import type { TemplateDetail } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAppStore } from '../../store';
import { AccessFields } from './AccessFields';
import { FieldError } from './FieldError';
import { isUsable, PlacementFields } from './PlacementFields';
import { PolicyConsent } from './PolicyConsent';
import { VariablesForm } from './VariablesForm';
import {
  checkName,
  defaultDeploymentName,
  failureView,
  formValues,
  uniqueFindings,
  valueErrors,
  valuesToSend,
  type FailureView,
} from './wizard-model';
import styles from './deployments.module.css';

const randomBytes = (count: number) => crypto.getRandomValues(new Uint8Array(count));
const noBase: Record<string, string> = {};

export function DeployForm({
  detail,
  isLoadingVersion,
}: {
  detail: TemplateDetail;
  isLoadingVersion: boolean;
}) {
  const { manifest, report, version } = detail.selected;
  const templateId = detail.summary.id;
  const nodes = useAppStore((s) => s.deployTargets?.nodes);
  const choose = useAppStore((s) => s.chooseDeployTemplate);
  const create = useAppStore((s) => s.createDeployment);
  const navigate = useAppStore((s) => s.navigate);
  const [name, setName] = useState(() => defaultDeploymentName(detail.summary.slug, randomBytes));
  const [pickedNode, setPickedNode] = useState<string | null>(null);
  const [tags, setTags] = useState('');
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [exposure, setExposure] = useState<Exposure>('private');
  const [customerId, setCustomerId] = useState('');
  const [acceptRisks, setAcceptRisks] = useState(false);
  const [hasTried, setHasTried] = useState(false);
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const nodeId = pickedNode ?? nodes?.find(isUsable)?.id ?? 'auto';
  const values = formValues(manifest.variables, noBase, edits);
  const nameError = checkName(name);
  const clientErrors = hasTried ? valueErrors(manifest.variables, values) : {};
  const serverVariableErrors = Object.fromEntries(
    Object.entries(failure?.fields ?? {}).flatMap(([field, message]) =>
      field.startsWith('variables.') ? [[field.slice('variables.'.length), message]] : [],
    ),
  );
  const findings = uniqueFindings(report.findings, failure?.findings ?? []);
  const publishedVersions = detail.versions.filter((v) => v.status === 'published' || v.version === version);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setHasTried(true);
    if (nameError || Object.keys(valueErrors(manifest.variables, values)).length > 0) return;
    setIsBusy(true);
    setFailure(null);
    try {
      const id = await create({
        templateId,
        version,
        name: name.trim(),
        nodeId,
        tags:
          nodeId === 'auto'
            ? tags
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean)
            : [],
        variables: valuesToSend(values),
        exposure,
        customerId: customerId === '' ? null : customerId,
        acceptFindings: acceptRisks ? findings.map((finding) => finding.key) : [],
      });
      navigate({ page: 'deployments', id });
    } catch (error) {
      setFailure(
        failureView(error, [
          'name',
          'nodeId',
          'acceptFindings',
          ...manifest.variables.map((v) => `variables.${v.name}`),
        ]),
      );
      setIsBusy(false);
    }
  };

  return (
    <form className={styles.deployForm} onSubmit={(event) => void submit(event)} noValidate>
      <ErrorBanner message={failure?.message ?? null} onDismiss={() => setFailure(null)} />
      <fieldset className={`card ${styles.deploySection}`}>
        <legend>What</legend>
        <div className="form-grid">
          <label className="field">
            Version
            <select
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
          </label>
          <label className="field">
            Name
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={nameError !== null}
              spellCheck={false}
            />
            <FieldError message={(hasTried || name !== '' ? nameError : null) ?? failure?.fields.name} />
          </label>
        </div>
      </fieldset>
      <PlacementFields
        needs={manifest.resources}
        nodeId={nodeId}
        tags={tags}
        error={failure?.fields.nodeId}
        onNode={setPickedNode}
        onTags={setTags}
      />
      <fieldset className={`card ${styles.deploySection}`}>
        <legend>Settings</legend>
        <VariablesForm
          variables={manifest.variables}
          values={values}
          errors={{ ...clientErrors, ...serverVariableErrors }}
          onChange={(key, value) => setEdits({ ...edits, [key]: value })}
        />
        {manifest.secrets.length > 0 ? (
          <p className="muted" data-testid="generated-secrets">
            Generated for you and kept in the OS keychain: {manifest.secrets.map((s) => s.name).join(', ')}.
          </p>
        ) : null}
      </fieldset>
      <AccessFields
        exposure={exposure}
        customerId={customerId}
        onExposure={setExposure}
        onCustomer={setCustomerId}
      />
      <PolicyConsent
        findings={findings}
        isAccepted={acceptRisks}
        error={failure?.fields.acceptFindings}
        onChange={setAcceptRisks}
      />
      <div className="page-actions">
        <button
          type="submit"
          className="primary"
          disabled={isBusy || isLoadingVersion || (findings.length > 0 && !acceptRisks)}
        >
          {isBusy ? 'Deploying…' : 'Deploy'}
        </button>
        <button type="button" onClick={() => navigate({ page: 'deployments' })}>
          Cancel
        </button>
      </div>
    </form>
  );
}

import { useState, type SyntheticEvent } from 'react';
import type { Exposure } from '@shared/contract/deployment-model';
import type { CreateDeploymentInput } from '@shared/contract/deployments';
import type { PolicyFinding } from '@shared/contract/template-model';
import type { TemplateDetail } from '@shared/contract/templates';
import { useAppStore } from '../../store';
import { isUsable } from './PlacementFields';
import {
  checkName,
  defaultDeploymentName,
  failureView,
  formValues,
  splitTags,
  uniqueFindings,
  valueErrors,
  valuesToSend,
  variableErrorsOf,
  type FailureView,
} from './wizard-model';

const randomBytes = (count: number) => crypto.getRandomValues(new Uint8Array(count));
const noBase: Record<string, string> = {};

/** What the user typed and picked in the deploy form. */
export interface DeployInputs {
  name: string;
  /** `null` until the user picks one: the first usable node, or automatic placement. */
  pickedNode: string | null;
  tags: string;
  edits: Record<string, string>;
  exposure: Exposure;
  customerId: string;
  acceptRisks: boolean;
}

function createInput(
  detail: TemplateDetail,
  inputs: DeployInputs,
  nodeId: string,
  values: Record<string, string>,
  findings: readonly PolicyFinding[],
): CreateDeploymentInput {
  return {
    templateId: detail.summary.id,
    version: detail.selected.version,
    name: inputs.name.trim(),
    nodeId,
    tags: nodeId === 'auto' ? splitTags(inputs.tags) : [],
    variables: valuesToSend(values),
    exposure: inputs.exposure,
    customerId: inputs.customerId === '' ? null : inputs.customerId,
    acceptFindings: inputs.acceptRisks ? findings.map((finding) => finding.key) : [],
  };
}

/** The deploy form's inputs, what follows from them, and its submit: create, then open the deployment. */
export function useDeployForm(detail: TemplateDetail) {
  const { manifest, report } = detail.selected;
  const nodes = useAppStore((s) => s.deployTargets?.nodes);
  const create = useAppStore((s) => s.createDeployment);
  const navigate = useAppStore((s) => s.navigate);
  const [inputs, setInputs] = useState<DeployInputs>(() => ({
    name: defaultDeploymentName(detail.summary.slug, randomBytes),
    pickedNode: null,
    tags: '',
    edits: {},
    exposure: 'private',
    customerId: '',
    acceptRisks: false,
  }));
  const [hasTried, setHasTried] = useState(false);
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const nodeId = inputs.pickedNode ?? nodes?.find(isUsable)?.id ?? 'auto';
  const values = formValues(manifest.variables, noBase, inputs.edits);
  const nameError = checkName(inputs.name);
  const findings = uniqueFindings(report.findings, failure?.findings ?? []);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setHasTried(true);
    if (nameError || Object.keys(valueErrors(manifest.variables, values)).length > 0) return;
    setIsBusy(true);
    setFailure(null);
    try {
      navigate({
        page: 'deployments',
        id: await create(createInput(detail, inputs, nodeId, values, findings)),
      });
    } catch (error) {
      const variableFields = manifest.variables.map((v) => `variables.${v.name}`);
      setFailure(failureView(error, ['name', 'nodeId', 'acceptFindings', ...variableFields]));
      setIsBusy(false);
    }
  };
  return {
    inputs,
    set: (patch: Partial<DeployInputs>) => setInputs((current) => ({ ...current, ...patch })),
    nodeId,
    values,
    isNameInvalid: nameError !== null,
    nameError: (hasTried || inputs.name !== '' ? nameError : null) ?? failure?.fields.name,
    variableErrors: {
      ...(hasTried ? valueErrors(manifest.variables, values) : {}),
      ...variableErrorsOf(failure),
    },
    findings,
    failure,
    dismissFailure: () => setFailure(null),
    isBusy,
    submit,
  };
}

import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { TemplateDetail } from '@shared/contract/templates';
import { useAppStore } from '../../store';
import { errorViewOf } from '../../store/slice';
import {
  failureView,
  formValues,
  valueErrors,
  valuesToSend,
  variableErrorsOf,
  type FailureView,
} from './wizard-model';

const noValues: Record<string, string> = {};

/** The template at `version`, loaded again whenever the version changes; a failure to load is reported. */
function useTemplateVersion(
  detail: DeploymentDetail,
  version: string,
  onFailure: (failure: FailureView) => void,
) {
  const fetchTemplate = useAppStore((s) => s.fetchTemplate);
  const [template, setTemplate] = useState<TemplateDetail | null>(null);
  useEffect(() => {
    let isCurrent = true;
    fetchTemplate(detail.templateId, version).then(
      (loaded) => {
        if (isCurrent) setTemplate(loaded);
      },
      (error: unknown) => {
        if (isCurrent) onFailure({ fields: {}, error: errorViewOf(error), findings: [] });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [detail.templateId, version, fetchTemplate, onFailure]);
  return template;
}

/** The update dialog's state: the version, the edited values, the findings a refusal asks a yes to, and submit. */
export function useUpdateForm(detail: DeploymentDetail, onDone: () => void) {
  const update = useAppStore((s) => s.updateDeployment);
  // The newest published version when there is one: "Update" should not redeploy what runs.
  const [version, setVersion] = useState(detail.updateAvailable ?? detail.templateVersion);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [hasTried, setHasTried] = useState(false);
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isAccepted, setIsAccepted] = useState(false);
  const template = useTemplateVersion(detail, version, setFailure);
  const current = detail.revisions.find((r) => r.status === 'active') ?? detail.revisions[0];
  const shown = template?.selected.version === version ? template : null;
  const variables = shown?.selected.manifest.variables ?? [];
  const values = formValues(variables, current?.variables ?? noValues, edits);
  // What the new revision asks of the node beyond what was accepted: the core lists it on refusal.
  const findings = failure?.findings ?? [];

  const submit = async () => {
    setHasTried(true);
    if (Object.keys(valueErrors(variables, values, true)).length > 0) return;
    setIsBusy(true);
    setFailure(null);
    try {
      const acceptFindings = isAccepted ? findings.map((finding) => finding.key) : [];
      await update(detail.id, { version, variables: valuesToSend(values), acceptFindings });
      onDone();
    } catch (error) {
      setFailure(failureView(error, ['acceptFindings', ...variables.map((v) => `variables.${v.name}`)]));
      setIsAccepted(false);
      setIsBusy(false);
    }
  };
  return {
    version,
    chooseVersion: (next: string) => {
      setVersion(next);
      setFailure(null);
    },
    versions: (template?.versions ?? []).filter(
      (v) => v.status === 'published' || v.version === detail.templateVersion,
    ),
    shown,
    variables,
    values,
    edit: (name: string, value: string) => setEdits((before) => ({ ...before, [name]: value })),
    errors: { ...(hasTried ? valueErrors(variables, values, true) : {}), ...variableErrorsOf(failure) },
    failure,
    findings,
    isAccepted,
    setIsAccepted,
    isBusy,
    submit,
  };
}

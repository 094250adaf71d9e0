import { useEffect, useState } from 'react';
import type { ServiceFacts } from '@shared/contract/deployment-settings';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { MethodOutput } from '@shared/contract';
import type { TemplateVariable } from '@shared/contract/template-model';
import { AppError } from '@shared/result';
import { useApi, useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { formErrors, formFieldOf, formOf, settingsOf, type SettingsForm } from './settings-form';
import { findingsToAccept, formValues, valueErrors, valuesToSend, type FailureView } from './wizard-model';

type Preview = MethodOutput<'deployments:settings-preview'>;
const noValues: Record<string, string> = {};

/** The deployment's settings and its version's variables, loaded once; a failure to load is reported. */
function useLoaded(detail: DeploymentDetail) {
  const api = useApi();
  const fetchTemplate = useAppStore((s) => s.fetchTemplate);
  const [loaded, setLoaded] = useState<{
    facts: ServiceFacts[];
    form: SettingsForm;
    variables: TemplateVariable[];
  } | null>(null);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
  useEffect(() => {
    let isCurrent = true;
    Promise.all([
      api['deployments:settings']({ id: detail.id }),
      fetchTemplate(detail.templateId, detail.templateVersion),
    ]).then(
      ([current, template]) => {
        if (isCurrent)
          setLoaded({
            facts: current.services,
            form: formOf(current.services, current.settings),
            variables: template.selected.manifest.variables,
          });
      },
      (error: unknown) => {
        if (isCurrent) setLoadError(errorViewOf(error));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [api, fetchTemplate, detail.id, detail.templateId, detail.templateVersion]);
  return { loaded, loadError };
}

/** The refusal as the form shows it: on the field it names, else as a banner; findings to accept apart. */
function failureOf(error: unknown, form: SettingsForm): FailureView {
  const findings = findingsToAccept(error);
  const field = error instanceof AppError ? error.field : undefined;
  const formField = formFieldOf(form, field);
  if (formField) return { fields: { [formField]: errorViewOf(error).message }, error: null, findings };
  if (field?.startsWith('variables.'))
    return { fields: { [field]: errorViewOf(error).message }, error: null, findings };
  return { fields: {}, error: findings.length > 0 ? null : errorViewOf(error), findings };
}

/** Runs a review or an apply once the form has no problems; a refusal lands on its field or as a banner. */
function useRunner(parts: {
  canRun: () => boolean;
  form: SettingsForm;
  setHasTried: (value: boolean) => void;
  setIsBusy: (value: boolean) => void;
  setFailure: (value: FailureView | null) => void;
  setPreview: (value: Preview | null) => void;
  setIsAccepted: (value: boolean) => void;
}) {
  return async (work: () => Promise<void>) => {
    parts.setHasTried(true);
    if (!parts.canRun()) return;
    parts.setIsBusy(true);
    parts.setFailure(null);
    try {
      await work();
    } catch (error) {
      parts.setFailure(failureOf(error, parts.form));
      // Findings to accept are answered on the review; any other refusal goes back to the form.
      if (findingsToAccept(error).length === 0) parts.setPreview(null);
      parts.setIsAccepted(false);
    } finally {
      parts.setIsBusy(false);
    }
  };
}

/**
 * The settings dialog's state: the edited form and values, then a review (the compose diff and
 * whether the app stays up) before Apply runs the update.
 */
export function useSettingsForm(detail: DeploymentDetail, onDone: () => void) {
  const api = useApi();
  const reload = useAppStore((s) => s.loadDeployment);
  const { loaded, loadError } = useLoaded(detail);
  const [edited, setEdited] = useState<SettingsForm | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [hasTried, setHasTried] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [failure, setFailure] = useState<FailureView | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isAccepted, setIsAccepted] = useState(false);
  const form = edited ?? loaded?.form ?? {};
  const facts = loaded?.facts ?? [];
  const variables = loaded?.variables ?? [];
  const current = detail.revisions.find((r) => r.status === 'active') ?? detail.revisions[0];
  const values = formValues(variables, current?.variables ?? noValues, edits);
  const problems = { ...formErrors(facts, form), ...prefixed(valueErrors(variables, values, true)) };
  const errors = { ...(hasTried ? problems : {}), ...failure?.fields };
  const change = () => ({ id: detail.id, settings: settingsOf(form), variables: valuesToSend(values) });

  const run = useRunner({
    canRun: () => Object.keys(problems).length === 0,
    form,
    setHasTried,
    setIsBusy,
    setFailure,
    setPreview,
    setIsAccepted,
  });
  return {
    loaded,
    loadError,
    facts,
    form,
    edit: (next: SettingsForm) => {
      setEdited(next);
      setFailure(null);
    },
    variables,
    values,
    editValue: (name: string, value: string) => setEdits((before) => ({ ...before, [name]: value })),
    errors,
    failure,
    preview,
    back: () => setPreview(null),
    review: () => run(async () => setPreview(await api['deployments:settings-preview'](change()))),
    apply: () =>
      run(async () => {
        const acceptFindings = isAccepted ? (failure?.findings ?? []).map((f) => f.key) : [];
        await api['deployments:apply-settings']({ ...change(), acceptFindings });
        await reload(detail.id);
        onDone();
      }),
    isAccepted,
    setIsAccepted,
    isBusy,
    isDirty: edited !== null || Object.keys(edits).length > 0, // closing now would lose what was typed
  };
}

const prefixed = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).map(([name, message]) => [`variables.${name}`, message]));

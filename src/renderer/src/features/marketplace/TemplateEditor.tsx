import { useEffect, useMemo, useState } from 'react';
import type { ValidationReport } from '@shared/contract/template-model';
import type { TemplateDetail } from '@shared/contract/templates';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store';
import type { TemplateDraftInput } from '../../store/marketplace-slice';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { CodeEditor } from './CodeEditor';
import {
  emptyForm,
  fromManifest,
  nextPatch,
  starterCompose,
  toManifest,
  type ManifestForm,
} from './editor-model';
import { IssueList } from './IssueList';
import { ManifestFields } from './ManifestFields';
import { useLiveValidation } from './use-live-validation';
import { VariablesEditor } from './VariablesEditor';

interface Loaded {
  form: ManifestForm;
  compose: string;
  /** The template being edited, or null for a new one. */
  base: TemplateDetail | null;
}

/** Starts from the draft if there is one, else from the newest version with the next patch number. */
async function startingPoint(
  fetchTemplate: (id: string, version?: string) => Promise<TemplateDetail>,
  id: string,
): Promise<Loaded> {
  let detail = await fetchTemplate(id);
  const draft = detail.versions.find((v) => v.status === 'draft');
  const newest = detail.versions[0];
  if (draft && detail.selected.version !== draft.version) detail = await fetchTemplate(id, draft.version);
  else if (!draft && newest && detail.selected.version !== newest.version)
    detail = await fetchTemplate(id, newest.version);
  const form = fromManifest(detail.selected.manifest);
  if (!draft) form.version = nextPatch(newest?.version ?? form.version);
  return { form, compose: detail.selected.compose, base: detail };
}

/** Where the live check found errors: compose lines to mark, and a message per manifest path. */
function useReportErrors(report: ValidationReport | null) {
  const errorLines = useMemo(
    () =>
      new Set(
        (report?.errors ?? []).flatMap((i) => (i.file === 'compose' && i.line !== undefined ? [i.line] : [])),
      ),
    [report],
  );
  const errorAt = (path: string) => {
    const found = report?.errors.find(
      (i) =>
        i.file === 'manifest' &&
        (i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`)),
    );
    return found && found.message.startsWith(`${found.path} `)
      ? found.message.slice(found.path.length + 1)
      : found?.message;
  };
  return { errorLines, errorAt };
}

/** Saves the draft (a new template or a new version of `base`), publishes it if asked, and opens it. */
function useSaveTemplate(base: TemplateDetail | null, input: TemplateDraftInput) {
  const navigate = useAppStore((s) => s.navigate);
  const create = useAppStore((s) => s.createTemplate);
  const update = useAppStore((s) => s.updateTemplate);
  const publish = useAppStore((s) => s.publishTemplate);
  const [error, setError] = useState<ErrorView | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const save = async (thenPublish: boolean) => {
    setIsSaving(true);
    setError(null);
    try {
      const saved = base ? await update(base.summary.id, input) : await create(input);
      if (thenPublish) await publish(saved.summary.id, saved.selected.version);
      navigate({ page: 'marketplace', id: saved.summary.id });
    } catch (failure) {
      setError(errorViewOf(failure));
    } finally {
      setIsSaving(false);
    }
  };
  return { save, isSaving, error, dismissError: () => setError(null) };
}

interface EditorHeaderProps {
  base: TemplateDetail | null;
  version: string;
  canSave: boolean;
  onSave: (thenPublish: boolean) => void;
}

function EditorHeader({ base, version, canSave, onSave }: EditorHeaderProps) {
  const navigate = useAppStore((s) => s.navigate);
  const title = base
    ? base.selected.status === 'draft'
      ? `Edit draft of ${base.summary.name}`
      : `New version of ${base.summary.name}`
    : 'New template';
  return (
    <PageHeader
      title={title}
      subtitle={
        base
          ? `Published versions stay as they are; this saves version ${version} as a draft.`
          : 'A manifest and a compose file, checked as you type.'
      }
      actions={
        <>
          <button
            type="button"
            onClick={() =>
              navigate(base ? { page: 'marketplace', id: base.summary.id } : { page: 'marketplace' })
            }
          >
            Cancel
          </button>
          <button type="button" disabled={!canSave} onClick={() => onSave(false)}>
            Save draft
          </button>
          <button type="button" className="primary" disabled={!canSave} onClick={() => onSave(true)}>
            Save and publish
          </button>
        </>
      }
    />
  );
}

function EditorBody({ loaded }: { loaded: Loaded }) {
  const [form, setForm] = useState(loaded.form);
  const [compose, setCompose] = useState(loaded.compose);
  const manifest = useMemo(() => toManifest(form), [form]);
  const { report, error: checkError, isChecking } = useLiveValidation(manifest, compose);
  const { errorLines, errorAt } = useReportErrors(report);
  const base = loaded.base;
  const saving = useSaveTemplate(base, { manifest, compose });
  const hasErrors = (report?.errors.length ?? 0) > 0;
  const onChange = (patch: Partial<ManifestForm>) => setForm((f) => ({ ...f, ...patch }));

  return (
    <div className="page">
      <EditorHeader
        base={base}
        version={form.version}
        canSave={!saving.isSaving && !hasErrors && !isChecking}
        onSave={(thenPublish) => void saving.save(thenPublish)}
      />
      <ErrorBanner
        error={saving.error ?? checkError}
        onDismiss={saving.error ? saving.dismissError : undefined}
      />
      <section className="card" aria-labelledby="manifest-heading">
        <h2 id="manifest-heading">About this template</h2>
        <ManifestFields form={form} onChange={onChange} errorAt={errorAt} isSlugLocked={base !== null} />
      </section>
      <section className="card" aria-labelledby="inputs-heading">
        <h2 id="inputs-heading">What a deployment asks for</h2>
        <VariablesEditor form={form} onChange={onChange} errorAt={errorAt} />
      </section>
      <section className="card" aria-labelledby="compose-editor-heading">
        <h2 id="compose-editor-heading">Compose file</h2>
        <p className="muted">Use ${'{NAME}'} for a variable or secret declared above.</p>
        <CodeEditor label="Compose file" value={compose} onChange={setCompose} errorLines={errorLines} />
        <IssueList report={report} isChecking={isChecking} />
      </section>
    </div>
  );
}

export function TemplateEditor({ id }: { id: string | null }) {
  const fetchTemplate = useAppStore((s) => s.fetchTemplate);
  const seed = useAppStore((s) => s.editorSeed);
  const clearEditorSeed = useAppStore((s) => s.clearEditorSeed);
  const [loaded, setLoaded] = useState<Loaded | null>(() => {
    if (id !== null) return null;
    return seed
      ? { form: fromManifest(seed.manifest), compose: seed.compose, base: null }
      : { form: emptyForm(), compose: starterCompose, base: null };
  });
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    if (id === null) {
      clearEditorSeed();
      return;
    }
    startingPoint(fetchTemplate, id).then(setLoaded, (failure: unknown) => setError(errorViewOf(failure)));
  }, [id, fetchTemplate, clearEditorSeed]);

  if (error)
    return (
      <div className="page">
        <ErrorBanner error={error} />
      </div>
    );
  if (!loaded)
    return (
      <div className="page">
        <p className="muted">Loading…</p>
      </div>
    );
  return <EditorBody key={id ?? 'new'} loaded={loaded} />;
}

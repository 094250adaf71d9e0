import { useState } from 'react';
import type { MethodInput } from '@shared/contract';
import type { ImportPreview } from '@shared/contract/template-import-review';
import type { ImportReport } from '@shared/contract/template-model';
import type { RemoteFile } from '@shared/contract/template-remote';
import type { TemplateSummary } from '@shared/contract/templates';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { useAppStore } from '../../store';
import { savableIndexes } from './import-review-model';

export type ImportRequest = MethodInput<'templates:import-preview'>;
export interface ImportResultData {
  report: ImportReport;
  created: TemplateSummary[];
}

/** Choose a file, review what it becomes, save the picked templates: the import dialog's three steps. */
export type ImportStep =
  | { kind: 'source' }
  | { kind: 'review'; preview: ImportPreview; request: ImportRequest }
  | { kind: 'saved'; result: ImportResultData };

export function useImportReview() {
  const previewImport = useAppStore((s) => s.previewImport);
  const importTemplates = useAppStore((s) => s.importTemplates);
  const [step, setStep] = useState<ImportStep>({ kind: 'source' });
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<ErrorView | null>(null);
  const [busy, setBusy] = useState<'reviewing' | 'saving' | null>(null);

  const run = async (what: 'reviewing' | 'saving', work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(errorViewOf(failure));
    } finally {
      setBusy(null);
    }
  };
  const review = (request: ImportRequest) =>
    run('reviewing', async () => {
      const preview = await previewImport(request);
      setPicked(new Set(savableIndexes(preview)));
      setStep({ kind: 'review', preview, request });
    });
  const save = () =>
    run('saving', async () => {
      if (step.kind !== 'review') return;
      const pick = [...picked].sort((a, b) => a - b);
      setStep({ kind: 'saved', result: await importTemplates({ ...step.request, pick }) });
    });
  /** A Portainer list's stack files, fetched or picked: the review is made again with them. */
  const addStackFiles = async (files: RemoteFile[]) => {
    if (step.kind !== 'review') return;
    const given = new Set(files.map((file) => file.url));
    const kept = (step.request.remoteFiles ?? []).filter((file) => !given.has(file.url));
    await review({ ...step.request, remoteFiles: [...kept, ...files] });
  };
  const back = () => {
    setError(null);
    setStep({ kind: 'source' });
  };
  return { step, picked, setPicked, error, busy, review, save, back, addStackFiles };
}

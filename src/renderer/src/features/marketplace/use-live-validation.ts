import { useEffect, useState } from 'react';
import type { ValidationReport } from '@shared/contract/template-model';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';

const DEBOUNCE_MS = 300;

interface Checked {
  key: string;
  report: ValidationReport | null;
  error: ErrorView | null;
}

/** Validates the editor's content a moment after typing stops; an answer to older text is dropped. */
export function useLiveValidation(
  manifest: unknown,
  compose: string,
): { report: ValidationReport | null; error: ErrorView | null; isChecking: boolean } {
  const validate = useAppStore((s) => s.validateTemplate);
  const [checked, setChecked] = useState<Checked | null>(null);
  const manifestKey = JSON.stringify(manifest);
  const key = `${manifestKey}\0${compose}`;

  useEffect(() => {
    let isCurrent = true;
    const timer = setTimeout(() => {
      validate({ manifest: JSON.parse(manifestKey) as unknown, compose }).then(
        (report) => isCurrent && setChecked({ key, report, error: null }),
        (error: unknown) => isCurrent && setChecked({ key, report: null, error: errorViewOf(error) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [key, manifestKey, compose, validate]);

  return { report: checked?.report ?? null, error: checked?.error ?? null, isChecking: checked?.key !== key };
}

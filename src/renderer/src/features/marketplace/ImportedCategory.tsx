import { useState } from 'react';
import { templateCategories } from '@shared/contract/template-model';
import type { TemplateSummary } from '@shared/contract/templates';
import { Field } from '../../components/Field';
import { errorViewOf } from '../../store/slice';
import { useAppStore, type AppState } from '../../store';
import { categoryLabel } from './template-format';

/** Saves a new category into the template's draft, keeping the rest of it as it is stored. */
export async function saveCategory(
  state: Pick<AppState, 'fetchTemplate' | 'updateTemplate'>,
  id: string,
  category: string,
): Promise<void> {
  const { selected } = await state.fetchTemplate(id);
  await state.updateTemplate(id, {
    manifest: { ...selected.manifest, category },
    compose: selected.compose,
  });
}

/**
 * The category the importer guessed for a template it just stored, changeable on the spot: the
 * change is saved to the template's draft, the rest of which is left as imported.
 */
export function ImportedCategory({ template }: { template: TemplateSummary }) {
  const fetchTemplate = useAppStore((s) => s.fetchTemplate);
  const updateTemplate = useAppStore((s) => s.updateTemplate);
  const [category, setCategory] = useState(template.category);
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = async (next: string) => {
    setIsSaving(true);
    setError(null);
    try {
      await saveCategory({ fetchTemplate, updateTemplate }, template.id, next);
      setCategory(next);
    } catch (failure) {
      setError(`The category was not changed: ${errorViewOf(failure).message}`);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Field label={`Category of ${template.name}`} error={error} isErrorAlert>
      {(id) => (
        <select
          id={id}
          value={category}
          disabled={isSaving}
          onChange={(event) => void change(event.target.value)}
        >
          {templateCategories.map((option) => (
            <option key={option} value={option}>
              {categoryLabel(option)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

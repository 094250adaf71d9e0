import { z } from 'zod';
import { policyFindingSchema } from './compose-model';
import { method } from './define';
import {
  importFormats,
  importItemSchema,
  pendingStackSchema,
  templateSchema,
  validationIssueSchema,
} from './template-model';
import { importSourceFields, withImportChecks } from './templates';

/** A value the user types at deploy: required and without a default. Passwords are kept in the keychain. */
export const importVariableToFillSchema = z.object({
  name: z.string(),
  label: z.string(),
  isPassword: z.boolean(),
});

/**
 * One template as it would be saved. `slug` is the one it would get (a taken slug gets a suffix);
 * `errors` block saving (the editor can fix them: `template` is what it opens); `findings` are the
 * safety policy's, which the user accepts when deploying.
 */
export const importPreviewTemplateSchema = z.object({
  index: z.int().nonnegative(),
  name: z.string(),
  slug: z.string(),
  category: z.string(),
  source: z.string(),
  items: z.array(importItemSchema),
  variables: z.array(importVariableToFillSchema),
  findings: z.array(policyFindingSchema),
  errors: z.array(validationIssueSchema),
  isSavable: z.boolean(),
  template: templateSchema,
});
export type ImportPreviewTemplate = z.infer<typeof importPreviewTemplateSchema>;

/**
 * `items` holds only what is about no template (a list entry refused before it became one);
 * `pending` the stacks of a Portainer list whose compose files are still to be fetched or picked.
 */
export const importPreviewSchema = z.object({
  format: z.enum(importFormats),
  templates: z.array(importPreviewTemplateSchema),
  items: z.array(importItemSchema),
  errors: z.array(validationIssueSchema),
  pending: z.array(pendingStackSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const templateImportReviewMethods = {
  /** Converts like `templates:import` and stores nothing: what the user reviews before saving. */
  'templates:import-preview': method(
    withImportChecks(importSourceFields),
    importPreviewSchema,
  ),
};

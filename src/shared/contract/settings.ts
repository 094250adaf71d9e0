import { z } from 'zod';
import { method } from './define';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

const appearanceSchema = z.object({ theme: themeSchema.default('system') });
const workersSchema = z.object({
  nodeHealthSeconds: z.number().int().min(5).max(3600).default(30),
});

/** One schema for every setting; `prefault` fills a missing section from its own defaults. */
export const settingsSchema = z.object({
  appearance: appearanceSchema.prefault({}),
  workers: workersSchema.prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.object({
  appearance: appearanceSchema.partial().optional(),
  workers: workersSchema.partial().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const settingsMethods = {
  'settings:get': method(z.object({}), settingsSchema),
  'settings:update': method(settingsPatchSchema, settingsSchema),
};

import { z } from 'zod';
import { method } from './define';

export const keychainStatusSchema = z.object({
  reachable: z.boolean(),
  backend: z.string(),
  error: z.string().optional(),
});

export const systemInfoSchema = z.object({
  appVersion: z.string(),
  mode: z.enum(['desktop', 'browser']),
  platform: z.string(),
  dataDir: z.string(),
  databaseFile: z.string(),
  databaseBytes: z.number().int().nonnegative(),
  schemaVersion: z.number().int().nonnegative(),
  keychain: keychainStatusSchema,
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const systemMethods = {
  'system:info': method(z.object({}), systemInfoSchema),
};

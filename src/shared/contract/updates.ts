import { z } from 'zod';
import { method } from './define';

/** Where the app's own updates stand: the installed desktop app updates itself; browser mode does not. */
export const updateStateSchema = z.object({
  currentVersion: z.string(),
  isSupported: z.boolean(),
  /** Why this app does not update itself, when it does not. */
  unsupportedReason: z.string().nullable(),
  status: z.enum(['idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error']),
  lastCheckedAt: z.string().nullable(),
  /** The newer version found: downloading, or `ready` to install on quit or on "Restart now". */
  available: z
    .object({
      version: z.string(),
      /** Plain text (the release's notes with their markup taken out). */
      releaseNotes: z.string().nullable(),
      releaseDate: z.string().nullable(),
    })
    .nullable(),
  progressPercent: z.number().min(0).max(100).nullable(),
  error: z.string().nullable(),
});
export type UpdateState = z.infer<typeof updateStateSchema>;

export const updatesMethods = {
  'updates:status': method(z.object({}), updateStateSchema),
  /** Checks now; a newer version then downloads in the background. */
  'updates:check': method(z.object({}), updateStateSchema),
  /** Quits and installs the downloaded version, then starts it. */
  'updates:restart': method(z.object({}), z.object({})),
};

export const updatesEvents = {
  'updates:changed': updateStateSchema,
};

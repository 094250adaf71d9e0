import { z } from 'zod';
import { method } from './define';

/** How often monitoring reads the fleet right now, and why; shown in Settings. */
export const samplingRateSchema = z.object({
  mode: z.enum(['normal', 'slower', 'paused']),
  isOnBattery: z.boolean(),
  /** The window (or every browser tab) has been hidden long enough to count as away. */
  isHidden: z.boolean(),
  /** Whether the away setting applies now (on battery or hidden, and the setting is not `normal`). */
  isAway: z.boolean(),
  /** Paused from the desktop app's tray until it is resumed there (or the app restarts). */
  isPausedFromTray: z.boolean(),
  /** Stats of what is on screen; null while hidden and paused. */
  onScreenSeconds: z.number().nullable(),
  /** Stats of everything else; null while paused. */
  restSeconds: z.number().nullable(),
  restLogsSeconds: z.number(),
  quietContainers: z.number().int(),
  /** Quiet containers are read at most this seldom. */
  quietCeilingSeconds: z.number(),
});
export type SamplingRate = z.infer<typeof samplingRateSchema>;

export const samplingMethods = {
  'sampling:rate': method(z.object({}), samplingRateSchema),
  /** A page (window or browser tab) tells whether it is visible; hidden for a while slows sampling. */
  'sampling:visibility': method(
    z.object({ clientId: z.string().min(1).max(100), isVisible: z.boolean() }),
    z.object({}),
  ),
};

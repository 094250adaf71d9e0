import type { UpdateState } from '@shared/contract/updates';

/** The app's own updates, as the shell that installs them sees them (the desktop app's updater). */
export interface UpdatesPort {
  state(): UpdateState;
  /** Checks now; resolves with the state after the check (a newer version then downloads by itself). */
  check(): Promise<UpdateState>;
  /** Quits and installs the downloaded version. */
  restart(): void;
  onChange(listener: (state: UpdateState) => void): () => void;
}

/** Why a desktop app run from source (not installed) does not update itself. */
export const FROM_SOURCE_REASON = 'This copy runs from source: only an installed build updates itself.';

/** For a core whose shell does not update itself: it says so, and why. */
export function noUpdates(currentVersion: string, reason: string): UpdatesPort {
  const state: UpdateState = {
    currentVersion,
    isSupported: false,
    unsupportedReason: reason,
    status: 'idle',
    lastCheckedAt: null,
    available: null,
    progressPercent: null,
    error: null,
  };
  return {
    state: () => state,
    check: () => Promise.resolve(state),
    restart: () => undefined,
    onChange: () => () => undefined,
  };
}

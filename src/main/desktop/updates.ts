import type { UpdateState } from '@shared/contract/updates';
import { FROM_SOURCE_REASON, noUpdates, type UpdatesPort } from '../core/system';

type ReleaseNotes = string | { version: string; note: string | null }[] | null | undefined;
interface UpdateInfo {
  version: string;
  releaseNotes?: ReleaseNotes;
  releaseDate?: string;
}

/** The parts of electron-updater's `autoUpdater` this app uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'update-not-available' | 'update-available' | 'update-downloaded',
    listener: (info: UpdateInfo) => void,
  ): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** A release's notes as plain text: GitHub gives HTML, which the window never renders as such. */
export function notesText(notes: ReleaseNotes): string | null {
  const html = Array.isArray(notes)
    ? notes.map((entry) => `${entry.version}\n${entry.note ?? ''}`).join('\n\n')
    : (notes ?? '');
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h[1-6]|div)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}

const found = (info: UpdateInfo) => ({
  version: info.version,
  releaseNotes: notesText(info.releaseNotes),
  releaseDate: info.releaseDate ?? null,
});

/** Turns the updater's events into the state Settings shows. */
function follow(updater: UpdaterLike, set: (next: Partial<UpdateState>) => void, now: () => Date): void {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('checking-for-update', () => set({ status: 'checking', error: null }));
  updater.on('update-not-available', () =>
    set({ status: 'up-to-date', lastCheckedAt: now().toISOString(), available: null }),
  );
  updater.on('update-available', (info) =>
    set({
      status: 'downloading',
      lastCheckedAt: now().toISOString(),
      available: found(info),
      progressPercent: 0,
    }),
  );
  updater.on('download-progress', (progress) =>
    set({ progressPercent: Math.min(100, Math.max(0, progress.percent)) }),
  );
  updater.on('update-downloaded', (info) =>
    set({ status: 'ready', available: found(info), progressPercent: 100 }),
  );
  updater.on('error', (error) =>
    set({ status: 'error', lastCheckedAt: now().toISOString(), error: error.message }),
  );
}

/**
 * The installed app's updates through electron-updater: checked at start and daily, downloaded in
 * the background, installed on quit or on "Restart now". A copy run from source does not update
 * itself and says so. The release channel is electron-builder's `publish` (GitHub releases).
 */
export function createDesktopUpdates(options: {
  updater: UpdaterLike;
  currentVersion: string;
  isPackaged: boolean;
  now?: () => Date;
}): { port: UpdatesPort; start: () => () => void } {
  const { updater, currentVersion } = options;
  if (!options.isPackaged)
    return {
      port: noUpdates(currentVersion, FROM_SOURCE_REASON),
      start: () => () => undefined,
    };
  const now = options.now ?? (() => new Date());
  const listeners = new Set<(state: UpdateState) => void>();
  let state: UpdateState = {
    currentVersion,
    isSupported: true,
    unsupportedReason: null,
    status: 'idle',
    lastCheckedAt: null,
    available: null,
    progressPercent: null,
    error: null,
  };
  const set = (next: Partial<UpdateState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener(state);
  };
  follow(updater, set, now);

  const check = async (): Promise<UpdateState> => {
    // A download under way or done is not started over by another check.
    if (state.status === 'downloading' || state.status === 'ready') return state;
    await updater
      .checkForUpdates()
      .catch((error: unknown) =>
        set({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
      );
    return state;
  };
  return {
    port: {
      state: () => state,
      check,
      restart: () => updater.quitAndInstall(),
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    start: () => {
      void check();
      const timer = setInterval(() => void check(), DAY_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

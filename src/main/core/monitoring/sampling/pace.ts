import type { SamplingRate } from '@shared/contract/sampling';
import type { Settings } from '@shared/contract/settings';
import type { Clock } from '../../clock';
import { QUIET_CEILING_MS, type Figures, type QuietSchedule } from './quiet-schedule';

/** The machine's power and the app window's state, from the desktop shell; never electron in the core. */
export interface AttentionPort {
  isOnBattery(): boolean;
  /** When the app's window was hidden (ms since the epoch), or null while it is shown. */
  windowHiddenSince(): number | null;
  /** The user paused monitoring from the tray: stats stop everywhere, logs and events go on. */
  isPausedByUser?(): boolean;
}

/** A window hidden at least this long counts as away (a quick switch to another app does not). */
export const HIDDEN_FOR_MS = 2 * 60_000;
/** `slower`: what is not on screen is read this many times less often. */
export const SLOWER_FACTOR = 4;

export interface PaceDeps {
  clock: Clock;
  settings: () => Settings['monitoring'];
  quiet: QuietSchedule;
  attention?: AttentionPort | undefined;
}

/** When a container's stats and logs are next due (ms since the epoch), as the sampler keeps them. */
export interface Due {
  stats: number;
  logs: number;
}

/** Container and node intervals in ms; `stats: null` means stats are paused now. */
export interface Every {
  stats: number | null;
  logs: number;
}

/** Whether the user is away now: on battery, or the window (every page) hidden for a while. */
function createAway(deps: PaceDeps) {
  // Each page (window or browser tab) says whether it is visible: hidden since when, or null.
  const pages = new Map<string, number | null>();
  const isHidden = () => {
    const now = deps.clock.now().getTime();
    const since = deps.attention?.windowHiddenSince() ?? null;
    if (since !== null && now - since >= HIDDEN_FOR_MS) return true;
    const reports = [...pages.values()];
    return reports.length > 0 && reports.every((at) => at !== null && now - at >= HIDDEN_FOR_MS);
  };
  return {
    setPageVisible(clientId: string, isVisible: boolean): void {
      const before = pages.get(clientId);
      if (isVisible) pages.set(clientId, null);
      else if (before === undefined || before === null) pages.set(clientId, deps.clock.now().getTime());
    },
    state() {
      const isOnBattery = deps.attention?.isOnBattery() ?? false;
      const hidden = isHidden();
      // A pause from the tray counts as away with stats paused, whatever the setting and the window.
      if (deps.attention?.isPausedByUser?.() === true)
        return { mode: 'paused' as const, isOnBattery, isHidden: true, isAway: true, isPausedFromTray: true };
      const mode = deps.settings().awaySampling;
      const isAway = mode !== 'normal' && (isOnBattery || hidden);
      return { mode, isOnBattery, isHidden: hidden, isAway, isPausedFromTray: false };
    },
  };
}

/** Stats and logs intervals of what is on screen and of the rest, in ms, for the away state now. */
function ratesFor(s: Settings['monitoring'], now: ReturnType<ReturnType<typeof createAway>['state']>) {
  const factor = now.isAway && now.mode === 'slower' ? SLOWER_FACTOR : 1;
  const isPaused = now.isAway && now.mode === 'paused';
  return {
    ...now,
    // Nothing is looked at while the window is hidden: its views count as the rest.
    isScreenSeen: !(now.isAway && now.isHidden),
    onScreen: { stats: s.focusedStatsSeconds * 1000, logs: s.focusedLogsSeconds * 1000 },
    rest: {
      stats: isPaused ? null : s.backgroundStatsSeconds * 1000 * factor,
      logs: s.backgroundLogsSeconds * 1000 * factor,
    },
  };
}

/** What Settings shows: the rates now and how many containers are quiet. */
function summarize(r: ReturnType<typeof ratesFor>, quietContainers: number): SamplingRate {
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    mode: r.mode,
    isOnBattery: r.isOnBattery,
    isHidden: r.isHidden,
    isAway: r.isAway,
    isPausedFromTray: r.isPausedFromTray,
    onScreenSeconds: r.isScreenSeen ? seconds(r.onScreen.stats) : seconds(r.rest.stats),
    restSeconds: seconds(r.rest.stats),
    restLogsSeconds: r.rest.logs / 1000,
    quietContainers,
    quietCeilingSeconds: Math.max(r.rest.stats ?? r.rest.logs, QUIET_CEILING_MS) / 1000,
  };
}

/**
 * How often to read each container and node now: on screen every few seconds, the rest at the
 * background rate (slower or paused while away, per the setting), quiet containers backed off.
 */
export function createPace(deps: PaceDeps) {
  const away = createAway(deps);
  const rates = () => ratesFor(deps.settings(), away.state());

  /** A backed-off container woke: its next reads come at the normal background interval from now. */
  const pullIn = (due: Due | undefined, at: number) => {
    if (!due) return;
    const { rest } = rates();
    due.stats = Math.min(due.stats, at + (rest.stats ?? rest.logs));
    due.logs = Math.min(due.logs, at + rest.logs);
  };

  // Containers read at the fast rate (on screen, or settling): a reading of one never backs it off.
  const fast = new Set<string>();

  return {
    /** A stats reading of a container; when its figures changed after a quiet stretch, `due` is pulled in. */
    observed(containerId: string, figures: Figures, due: Due | undefined, at: number): void {
      if (fast.has(containerId)) return;
      if (deps.quiet.observe(containerId, figures)) pullIn(due, at);
    },
    /** The container wrote new log lines: the normal rate again. */
    logged(containerId: string, due: Due | undefined, at: number): void {
      if (deps.quiet.wake(containerId)) pullIn(due, at);
    },
    forget: (containerId: string) => {
      fast.delete(containerId);
      deps.quiet.forget(containerId);
    },
    /** A page became visible or hidden. */
    setPageVisible: (clientId: string, isVisible: boolean) => away.setPageVisible(clientId, isVisible),
    /**
     * A container's intervals: a deployment that is settling (deploying, stopping) and what is on
     * screen at the fast rate, woken from any quiet back-off; the rest at the background rate, backed off.
     */
    container(containerId: string, how: { isOnScreen: boolean; isSettling: boolean }): Every {
      const r = rates();
      if (how.isSettling || (how.isOnScreen && r.isScreenSeen)) {
        fast.add(containerId);
        deps.quiet.wake(containerId);
        return r.onScreen;
      }
      fast.delete(containerId);
      return {
        stats: r.rest.stats === null ? null : deps.quiet.every(containerId, r.rest.stats),
        logs: deps.quiet.every(containerId, r.rest.logs),
      };
    },
    /** The node's own CPU, memory and disk: null while paused. */
    node(isOnScreen: boolean): number | null {
      const r = rates();
      return isOnScreen && r.isScreenSeen ? r.onScreen.stats : r.rest.stats;
    },
    summary: () => summarize(rates(), deps.quiet.quietCount()),
  };
}

export type Pace = ReturnType<typeof createPace>;

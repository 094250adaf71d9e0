import { randomBytes } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { BackupRepository } from '@shared/contract/backups';
import { AppError, isAppError } from '@shared/result';
import type { SecretStore } from '../secrets/secret-store';
import type { BackupStore } from './backup-store';
import { createReadWriteLock } from './read-write-lock';
import { findRestic, INSTALL_RESTIC, resticCandidates, runProcess, type ResticBinary, type RunOptions } from './restic';

const PASSWORD_ACCOUNT = 'backups:repository-password';

export interface RepositoryOptions {
  dataDir: string;
  store: BackupStore;
  secrets: SecretStore;
  /** restic's path when set (tests, a user's own build); else the app's resources, then the PATH. */
  resticPath?: string | undefined;
  resourcesDir?: string | undefined;
}

/** Bytes under a local folder (the repository's size); null for a remote location. */
async function folderBytes(path: string): Promise<number | null> {
  if (!isAbsolute(path)) return null;
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
    }
  };
  await walk(path);
  return total;
}

/**
 * The one restic repository backups go to: by default a folder in the app's data folder, made on
 * first use with a generated password that only the keychain holds.
 */
/** restic, found once (and looked for again while it is missing: the user may install it meanwhile). */
function locateRestic(options: Pick<RepositoryOptions, 'resticPath' | 'resourcesDir'>) {
  let binary: Promise<ResticBinary | null> | null = null;
  const restic = () =>
    (binary ??= findRestic(
      resticCandidates({
        explicit: options.resticPath ?? process.env.HOSTER_RESTIC,
        resourcesDir: options.resourcesDir,
        path: process.env.PATH,
      }),
    ));
  return {
    restic,
    async requireRestic(): Promise<ResticBinary> {
      const found = await restic();
      if (found) return found;
      binary = null;
      throw new AppError('unavailable', INSTALL_RESTIC);
    },
  };
}

function lastCheckOf(store: BackupStore): BackupRepository['lastCheck'] {
  const row = store.repository();
  return row.last_check_at === null
    ? null
    : { at: row.last_check_at, isOk: row.last_check_ok === 1, message: row.last_check_message ?? '' };
}

/** restic pointed at a location with a password: the repository's environment, never its command line. */
function createAccess(options: RepositoryOptions) {
  const { store, secrets } = options;
  const defaultLocation = join(options.dataDir, 'backups');
  const located = locateRestic(options);
  const location = () => store.repository().location || defaultLocation;
  /** Each location's password has its own keychain entry, so going back to one needs no password typed again. */
  const accountOf = (at: string) => (at === defaultLocation ? PASSWORD_ACCOUNT : `${PASSWORD_ACCOUNT}:${at}`);

  const runAt = async (at: string, password: string, args: readonly string[], run: Omit<RunOptions, 'env'> = {}) =>
    runProcess((await located.requireRestic()).path, args, {
      ...run,
      env: { RESTIC_REPOSITORY: at, RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(options.dataDir, 'restic-cache') },
    });

  return {
    defaultLocation,
    location,
    runAt,
    restic: located.restic,
    /** Opens the repository at `at` with `password`, making it there first when nothing is there yet. */
    openOrInit: async (at: string, password: string): Promise<void> => {
      try {
        // Without a lock: opening only proves the password, and a lock a killed restic left (stale, removed
        // before each backup) or another restic's prune must not make the repository look unusable.
        await runAt(at, password, ['cat', 'config', '--no-lock']);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'not_found') throw error;
        if (isAbsolute(at)) await mkdir(at, { recursive: true });
        await runAt(at, password, ['init']);
      }
    },
    /** The keychain's password for a location (the current one by default); the default repository gets a generated one on first use. */
    password: async (at = location()): Promise<string> => {
      const stored = await secrets.get(accountOf(at));
      if (stored) return stored;
      if (at !== defaultLocation)
        throw new AppError('unauthorized', `The password of the backup repository at ${at} is not in the keychain; set it again on the Backups page.`);
      const generated = randomBytes(32).toString('base64url');
      await secrets.set(accountOf(at), generated);
      return generated;
    },
    accountOf,
  };
}

/** What the Backups page shows of the repository at `at`. */
async function describeAt(
  store: BackupStore,
  at: string,
  state: { isDefault: boolean; found: ResticBinary | null; problem: string | null },
): Promise<BackupRepository> {
  return {
    location: at,
    isDefaultLocation: state.isDefault,
    isReady: state.problem === null,
    problem: state.problem,
    restic: state.found,
    lastCheck: lastCheckOf(store),
    sizeBytes: state.problem === null ? await folderBytes(at) : null,
  };
}

export function createRepository(options: RepositoryOptions) {
  const { store, secrets } = options;
  const { defaultLocation, location, runAt, restic, openOrInit, password, accountOf } = createAccess(options);
  let readyAt: string | null = null;
  const lock = createReadWriteLock();

  /** Ready to take backups: restic found, the repository made or opened. */
  async function ensureReady(): Promise<void> {
    const at = location();
    if (readyAt === at) return;
    await openOrInit(at, await password());
    readyAt = at;
  }

  return {
    location,
    ensureReady,
    /**
     * restic on the repository, ready first. Backups and reads share it; `exclusive` work (forget,
     * prune, check, unlock) waits for them and holds it alone.
     */
    async run(args: readonly string[], run: Omit<RunOptions, 'env'> = {}, mode: 'shared' | 'exclusive' = 'shared') {
      await ensureReady();
      const secret = await password();
      return lock(mode, () => runAt(location(), secret, args, run));
    },
    describe: async (): Promise<BackupRepository> => {
      const found = await restic();
      const problem = found
        ? await ensureReady().then(
            () => null,
            (error: unknown) => {
              readyAt = null;
              return error instanceof Error ? error.message : String(error);
            },
          )
        : INSTALL_RESTIC;
      const at = location();
      return describeAt(store, at, { isDefault: at === defaultLocation, found, problem });
    },
    /**
     * Another location (empty: the default folder): opened with `given`, or with the password the
     * keychain keeps for it, or made there with `given` (or a new password).
     */
    async set(at: string, given: string | undefined): Promise<void> {
      const target = at === '' ? defaultLocation : at;
      const known = await secrets.get(accountOf(target));
      const candidate = given ?? known ?? (target === defaultLocation ? await password(target) : randomBytes(32).toString('base64url'));
      await openOrInit(target, candidate);
      await secrets.set(accountOf(target), candidate);
      store.setLocation(target === defaultLocation ? '' : target);
      readyAt = target;
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;

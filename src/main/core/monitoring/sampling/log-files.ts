import type Docker from 'dockerode';
import type { NodeSamplerDeps } from './node-sampler';
import type { SamplerState } from './sample-round';

const CONTAINER_ID = /^[0-9a-f]{64}$/;
const MARK_LINE = /^@log ([0-9a-f]{64}) (\d+ \d+ \d+)$/;

/**
 * What the sampler knows of a node's log files: the engine's data root (asked once), whether the
 * files can be read at all, and each container's file as it was at its last read.
 */
export interface LogFilesState {
  /** The engine's `DockerRootDir`; undefined until asked, null where the engine would not say. */
  logRoot?: string | null;
  /** 'api' once the files proved unreadable (another user, another log driver): asked every time. */
  logWay?: 'file' | 'api';
  /** A container's log file (inode, size, mtime) when its lines were last read. */
  logMarks: Map<string, string>;
}

/** The round's one exec carries the log-file check along; what it printed comes back here. */
export interface LogCheck {
  script: string;
  stdout: string | null;
}

const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Shell lines printing `@log <id> <inode> <size> <mtime>` for each container's log file: the
 * json-file driver's `<id>-json.log` or the local driver's `local-logs/container.log`. A file that
 * is not there or cannot be read (another driver, another user) prints nothing.
 */
export function logFilesScript(root: string, containerIds: readonly string[]): string {
  const ids = containerIds.filter((id) => CONTAINER_ID.test(id));
  if (ids.length === 0) return '';
  return [
    `logmark() { for f in "$1/containers/$2/$2-json.log" "$1/containers/$2/local-logs/container.log"; do [ -f "$f" ] && { echo "@log $2 $(stat -c '%i %s %Y' "$f" 2>/dev/null)"; return; }; done; return 0; }`,
    `for id in ${ids.join(' ')}; do logmark ${quoted(root)} "$id"; done`,
  ].join('\n');
}

/** The marks printed by `logFilesScript`, by container id; other lines are left alone. */
export function parseLogMarks(output: string): Map<string, string> {
  const marks = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [, id, mark] = MARK_LINE.exec(line) ?? [];
    if (id && mark) marks.set(id, mark);
  }
  return marks;
}

/**
 * Which of the due containers to ask for new lines: those whose file changed since their last read
 * (grown, or rotated: a new inode or a shrunk size), those without a mark (not readable: asked as
 * before) and the final reads of stopped containers. A file as it was at the last read is skipped.
 */
export function chooseLogReads(input: {
  due: readonly string[];
  final: ReadonlySet<string>;
  current: ReadonlyMap<string, string> | null;
  last: ReadonlyMap<string, string>;
}): string[] {
  const { due, final, current, last } = input;
  if (current === null) return [...due];
  return due.filter((id) => {
    const mark = current.get(id);
    return final.has(id) || mark === undefined || last.get(id) !== mark;
  });
}

interface LogFilesContext {
  deps: Pick<NodeSamplerDeps, 'nodeId' | 'connections' | 'logger'>;
  state: Pick<SamplerState, 'logRoot' | 'logWay'>;
}

/** The check to carry in the round's exec, or null where the files are not used (all are asked). */
export async function prepareLogCheck(
  { deps, state }: LogFilesContext,
  docker: Docker,
  ids: readonly string[],
): Promise<LogCheck | null> {
  if (state.logWay === 'api' || ids.length === 0) return null;
  if (state.logRoot === undefined) {
    try {
      const info = (await docker.info()) as { DockerRootDir?: string };
      state.logRoot = info.DockerRootDir ?? null;
    } catch (error) {
      deps.logger.info('monitoring could not ask where the engine keeps logs', {
        nodeId: deps.nodeId,
        error: String(error),
      });
      return null;
    }
  }
  if (state.logRoot === null) return null;
  const script = logFilesScript(state.logRoot, ids);
  return script === '' ? null : { script, stdout: null };
}

/**
 * The marks the check printed, running it on its own when the stats exec did not carry it. The
 * first check that finds no file at all settles the node on asking every container, as before.
 */
export async function readLogMarks(
  { deps, state }: LogFilesContext,
  check: LogCheck | null,
  signal: AbortSignal,
): Promise<Map<string, string> | null> {
  if (!check) return null;
  let stdout = check.stdout;
  if (stdout === null) {
    try {
      stdout = (await deps.connections.exec(deps.nodeId, check.script, { signal, repeated: true })).stdout;
    } catch (error) {
      if (signal.aborted) throw error;
      deps.logger.info('monitoring could not read log file sizes', {
        nodeId: deps.nodeId,
        error: String(error),
      });
      return null;
    }
  }
  const marks = parseLogMarks(stdout);
  if (state.logWay === undefined) {
    state.logWay = marks.size > 0 ? 'file' : 'api';
    deps.logger.info('monitoring finds new log lines', { nodeId: deps.nodeId, way: state.logWay });
  }
  return state.logWay === 'file' ? marks : null;
}

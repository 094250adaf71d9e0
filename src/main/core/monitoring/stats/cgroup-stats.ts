import type { DockerStats } from './container-sample';

/** Docker's own clock for `system_cpu_usage`: /proc/stat counts in USER_HZ, 100 on every Linux. */
const NANOSECONDS_PER_TICK = 1e9 / 100;
const CONTAINER_ID = /^[0-9a-f]{64}$/;

/** What the script prints for one container: the file it read and the text it held. */
type Files = Map<string, string>;

/** The node's own figures every container's are computed against. */
export interface CgroupSystem {
  systemNs: number;
  onlineCpus: number;
  memTotalBytes: number | null;
}

/**
 * The cgroup directory of a container under both drivers' layouts (systemd:
 * `system.slice/docker-<id>.scope`, cgroupfs: `docker/<id>`), below the root given as $1.
 */
const FIND_DIR =
  'cg() { for c in "$1/system.slice/docker-$2.scope" "$1/docker/$2"; do [ -d "$c" ] && { echo "$c"; return; }; done; }';
/** Prints a file under a marker line; a file that cannot be read prints nothing. */
const SHOW = 'show() { [ -r "$2" ] && { echo "@file $1"; cat "$2"; }; }';
/** The network counters of the container's namespace, through the first process in its cgroup. */
/** Only the page cache Docker subtracts from usage, not the whole of memory.stat. */
const CACHE =
  'cache() { [ -r "$1/memory.stat" ] && { echo "@file memory.stat"; grep -E \'^(total_)?inactive_file \' "$1/memory.stat"; }; }';
const NET =
  'net() { p=$(head -n 1 "$1/cgroup.procs" 2>/dev/null); [ -n "$p" ] && show net "/proc/$p/net/dev"; }';

const V2 = [
  'v2() { d=$(cg /sys/fs/cgroup "$1"); [ -n "$d" ] || { echo "@missing $1"; return; }',
  'echo "@container $1 2"',
  'for f in cpu.stat memory.current memory.max pids.current io.stat; do show $f "$d/$f"; done; cache "$d"',
  'net "$d"; }',
].join('; ');
const V1 = [
  'v1() { m=$(cg /sys/fs/cgroup/memory "$1"); [ -n "$m" ] || { echo "@missing $1"; return; }',
  'c=$(cg /sys/fs/cgroup/cpuacct "$1"); p=$(cg /sys/fs/cgroup/pids "$1"); b=$(cg /sys/fs/cgroup/blkio "$1")',
  'echo "@container $1 1"',
  'for f in memory.usage_in_bytes memory.limit_in_bytes; do show $f "$m/$f"; done; cache "$m"',
  'show cpuacct.usage "$c/cpuacct.usage"; show pids.current "$p/pids.current"',
  'show blkio.throttle.io_service_bytes "$b/blkio.throttle.io_service_bytes"',
  'net "$m"; }',
].join('; ');

/**
 * One shell command that reads the cgroup files of every given container at once (cgroup v2, or
 * v1's per-controller trees), with /proc/stat and MemTotal to compute them against. Ids that are
 * not full container ids are left out (and come back as not found).
 */
export function cgroupStatsCommand(containerIds: readonly string[]): string {
  const ids = containerIds.filter((id) => CONTAINER_ID.test(id));
  return [
    FIND_DIR,
    SHOW,
    CACHE,
    NET,
    V2,
    V1,
    "echo @system; grep '^cpu' /proc/stat; grep '^MemTotal:' /proc/meminfo",
    'if [ -f /sys/fs/cgroup/cgroup.controllers ]; then way=v2; else way=v1; fi',
    `for id in ${ids.join(' ')}; do $way "$id"; done`,
    // The last container's missing file must not read as a failed command: the output tells.
    'exit 0',
  ].join('\n');
}

export interface CgroupOutput {
  system: CgroupSystem | null;
  /** The files read for each container found, by id. */
  containers: Map<string, { version: 1 | 2; files: Files }>;
}

function parseSystem(lines: string[]): CgroupSystem | null {
  const total = lines.find((line) => /^cpu\s/.test(line));
  if (!total) return null;
  // Docker's system_cpu_usage: user, nice, system, idle, iowait, irq and softirq, not steal.
  const ticks = total
    .trim()
    .split(/\s+/)
    .slice(1, 8)
    .reduce((sum, field) => sum + Number(field), 0);
  if (!Number.isFinite(ticks)) return null;
  const memTotal = lines.map((line) => /^MemTotal:\s+(\d+)\s+kB/.exec(line)?.[1]).find(Boolean);
  return {
    systemNs: ticks * NANOSECONDS_PER_TICK,
    onlineCpus: Math.max(1, lines.filter((line) => /^cpu\d+\s/.test(line)).length),
    memTotalBytes: memTotal ? Number(memTotal) * 1024 : null,
  };
}

/** Splits the command's output into the node's figures and each found container's files. */
export function parseCgroupOutput(output: string): CgroupOutput {
  const systemLines: string[] = [];
  const containers = new Map<string, { version: 1 | 2; files: Files }>();
  let current: { version: 1 | 2; files: Files } | null = null;
  let file: string | null = null;
  for (const line of output.split('\n')) {
    const [, id, version] = /^@container ([0-9a-f]{64}) ([12])$/.exec(line) ?? [];
    if (id) {
      current = { version: version === '2' ? 2 : 1, files: new Map() };
      containers.set(id, current);
      file = null;
    } else if (line.startsWith('@missing ')) {
      current = null;
    } else if (line.startsWith('@file ') && current) {
      file = line.slice('@file '.length);
      current.files.set(file, '');
    } else if (current && file) {
      current.files.set(file, `${current.files.get(file) ?? ''}${line}\n`);
    } else if (!current) {
      systemLines.push(line);
    }
  }
  return { system: parseSystem(systemLines), containers };
}

const numberIn = (text: string | undefined): number | undefined => {
  const value = text === undefined ? NaN : Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
};

/**
 * Whether the files hold every figure the stats API gives: a node user who may not read another
 * user's `/proc/<pid>/net/dev`, say, would otherwise show no network traffic where there is some.
 */
export function isComplete({ version, files }: { version: 1 | 2; files: Files }): boolean {
  const needed =
    version === 2
      ? ['cpu.stat', 'memory.current', 'pids.current', 'net']
      : ['cpuacct.usage', 'memory.usage_in_bytes', 'pids.current', 'net'];
  return needed.every((name) => files.has(name));
}

/** `key value` lines (cpu.stat, memory.stat) as a record. */
function keyValues(text: string | undefined): Record<string, number> {
  const record: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && Number.isFinite(Number(value))) record[key] = Number(value);
  }
  return record;
}

/** Bytes read and written: v2's `io.stat` (rbytes=, wbytes=) or v1's `blkio.throttle.io_service_bytes`. */
export function blockBytes(files: Files): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of (files.get('io.stat') ?? '').split('\n')) {
    read += Number(/\brbytes=(\d+)/.exec(line)?.[1] ?? 0);
    write += Number(/\bwbytes=(\d+)/.exec(line)?.[1] ?? 0);
  }
  for (const line of (files.get('blkio.throttle.io_service_bytes') ?? '').split('\n')) {
    const [device, op, value] = line.trim().split(/\s+/);
    if (!device || device === 'Total' || value === undefined) continue;
    if (op === 'Read') read += Number(value);
    if (op === 'Write') write += Number(value);
  }
  return { read, write };
}

/** /proc/<pid>/net/dev: received and sent bytes of every interface but loopback. */
export function networkBytes(text: string | undefined): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of (text ?? '').split('\n')) {
    const [, name, counters] = /^\s*([^:\s]+):\s*(.*)$/.exec(line) ?? [];
    if (!name || name === 'lo' || counters === undefined) continue;
    const fields = counters.trim().split(/\s+/).map(Number);
    rx += fields[0] ?? 0;
    tx += fields[8] ?? 0;
  }
  return { rx, tx };
}

/**
 * One container's files in the shape of the stats API's answer, so both ways give the figures
 * `docker stats` shows through the same arithmetic (`readContainerStats`). As the engine does, an
 * unlimited container's limit is the node's memory.
 */
export function cgroupToDockerStats(
  found: { version: 1 | 2; files: Files },
  system: CgroupSystem,
): DockerStats {
  const { version, files } = found;
  const cpuNs =
    version === 2
      ? (keyValues(files.get('cpu.stat')).usage_usec ?? 0) * 1000
      : (numberIn(files.get('cpuacct.usage')) ?? 0);
  const usage = numberIn(files.get(version === 2 ? 'memory.current' : 'memory.usage_in_bytes'));
  const limit = numberIn(files.get(version === 2 ? 'memory.max' : 'memory.limit_in_bytes'));
  const nodeMemory = system.memTotalBytes ?? undefined;
  const net = networkBytes(files.get('net'));
  const block = blockBytes(files);
  const pids = numberIn(files.get('pids.current'));
  return {
    cpu_stats: {
      cpu_usage: { total_usage: cpuNs },
      system_cpu_usage: system.systemNs,
      online_cpus: system.onlineCpus,
    },
    memory_stats: {
      ...(usage === undefined ? {} : { usage }),
      ...(limit === undefined && nodeMemory === undefined
        ? {}
        : { limit: Math.min(limit ?? Infinity, nodeMemory ?? Infinity) }),
      stats: keyValues(files.get('memory.stat')),
    },
    networks: files.has('net') ? { all: { rx_bytes: net.rx, tx_bytes: net.tx } } : {},
    blkio_stats: {
      io_service_bytes_recursive: [
        { op: 'read', value: block.read },
        { op: 'write', value: block.write },
      ],
    },
    ...(pids === undefined ? {} : { pids_stats: { current: pids } }),
  };
}

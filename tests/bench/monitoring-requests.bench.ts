/**
 * Requests per minute per node for 2 and for 20 containers on screen (stats every 2 s, logs every
 * 1 s), counted through a wrapper around the core's real node connection: every exec and every
 * request its Docker client sends to the engine. Container stats come from the cgroup files in one
 * exec a round; the stats API way (the fallback, and the way before) asks once per container a
 * round, printed beside it from the same rounds. Half the services write a line every 2 s, half
 * wrote two lines at start and are quiet since: log requests are printed per minute for each half
 * (a quiet container's file does not change, so it is not asked). Figures are printed, never asserted.
 */
import Docker from 'dockerode';
import { labels } from '../../src/main/core/deployments/compose-labels';
import { scriptTemplate } from '../helpers/script-template';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { openBenchCore } from './bench-core';
import { addRigNode } from '../helpers/rig-node';

const SECONDS = 30;
const rig = loadRig();
const dir = makeTempDir('hoster-bench-requests-');
const bench = openBenchCore(dir.path);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const execs: string[] = [];
const requests: string[] = [];
const connections = bench.core.nodeConnections;
const exec = connections.exec.bind(connections);
connections.exec = (id, command, options) => {
  execs.push(command);
  return exec(id, command, options);
};

async function deploy(nodeId: string, count: number): Promise<string> {
  const services = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `s${i}`,
      {
        script:
          i % 2 === 0
            ? `while :; do echo "s${i} $$(date)"; sleep 2; done`
            : `echo "s${i} up"; echo "s${i} ready"; exec sleep 3600`,
      },
    ]),
  );
  const template = await bench.call(
    'templates:create',
    scriptTemplate(rig.images.local, `mon-req-${count}`, services),
  );
  await bench.call('templates:publish', { id: template.summary.id, version: '1.0.0' });
  const { deploymentId } = await bench.call('deployments:create', {
    templateId: template.summary.id,
    version: '1.0.0',
    name: `req-${count}`,
    nodeId,
  });
  await bench.core.jobs.settled();
  return deploymentId;
}

/** The deployment's containers by whether they keep writing (even services) or are quiet. */
async function writers(deploymentId: string): Promise<{ writing: Set<string>; quiet: Set<string> }> {
  const engine = new Docker({ socketPath: rig.dockerSocket });
  const listed = await engine.listContainers({
    filters: { label: [`${labels.deployment}=${deploymentId}`] },
  });
  const isWriting = (c: Docker.ContainerInfo) =>
    Number((c.Labels[labels.service] ?? 's0').slice(1)) % 2 === 0;
  return {
    writing: new Set(listed.filter(isWriting).map((c) => c.Id)),
    quiet: new Set(listed.filter((c) => !isWriting(c)).map((c) => c.Id)),
  };
}

const containerOf = (path: string) => /^\/containers\/([0-9a-f]{64})\/logs/.exec(path)?.[1];

/** Counts one window with the deployment on screen, per minute. */
async function window(deploymentId: string) {
  const { writing, quiet } = await writers(deploymentId);
  await bench.call('monitoring:focus', { viewId: 'bench', deploymentIds: [deploymentId] });
  await sleep(4000);
  const [execsBefore, requestsBefore] = [execs.length, requests.length];
  await sleep(SECONDS * 1000);
  await bench.call('monitoring:focus', { viewId: 'bench', deploymentIds: [] });
  const perMinute = (n: number) => (n * 60) / SECONDS;
  const newRequests = requests.slice(requestsBefore);
  const newExecs = execs.slice(execsBefore);
  const of = (pattern: RegExp) => perMinute(newRequests.filter((path) => pattern.test(path)).length);
  const statsExecs = perMinute(newExecs.filter((command) => command.includes('/sys/fs/cgroup')).length);
  return {
    total: perMinute(newRequests.length + newExecs.length),
    statsNow: statsExecs + of(/^\/containers\/[^/]+\/stats/),
    statsRounds: statsExecs,
    logs: of(/^\/containers\/[^/]+\/logs/),
    logsWriting: perMinute(newRequests.filter((path) => writing.has(containerOf(path) ?? '')).length),
    logsQuiet: perMinute(newRequests.filter((path) => quiet.has(containerOf(path) ?? '')).length),
    writing: writing.size,
    quiet: quiet.size,
    logChecks: perMinute(
      newExecs.filter((command) => command.includes('logmark') && !command.includes('/sys/fs/cgroup')).length,
    ),
    listing: of(/^\/containers\/json/),
  };
}

try {
  bench.core.start();
  await bench.call('settings:update', {
    deployments: { stableSeconds: 1, healthTimeoutSeconds: 120 },
    monitoring: {
      focusedStatsSeconds: 2,
      focusedLogsSeconds: 1,
      backgroundStatsSeconds: 60,
      backgroundLogsSeconds: 30,
    },
  });
  const node = await addRigNode(bench, rig, 0, 'bench node');
  const docker = await connections.docker(node.id);
  const modem = docker.modem as { dial: (options: { path?: string }, callback: unknown) => unknown };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    requests.push(options.path ?? '');
    return dial(options, callback);
  };

  for (const count of [2, 20]) {
    const deploymentId = await deploy(node.id, count);
    const figures = await window(deploymentId);
    console.log(
      `${String(count).padStart(2)} container(s) on screen: ${figures.total.toFixed(0)} requests/min per node ` +
        `(container stats ${figures.statsNow.toFixed(0)}/min, the stats API way ${(figures.statsRounds * count).toFixed(0)}/min; ` +
        `logs ${figures.logs.toFixed(0)}/min, listing ${figures.listing.toFixed(0)}/min)\n` +
        `   log requests/min: ${figures.writing} writing container(s) ${figures.logsWriting.toFixed(0)}, ` +
        `${figures.quiet} quiet ${figures.logsQuiet.toFixed(0)}; log-file checks in an exec of their own ${figures.logChecks.toFixed(0)}/min`,
    );
    await bench.call('deployments:delete', { id: deploymentId, deleteData: true });
    await bench.core.jobs.settled();
  }
} finally {
  await bench.core.close();
  dir.remove();
}

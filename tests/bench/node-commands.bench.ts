/**
 * What one of monitoring's node reads costs when the node's shell start-up is heavy: the rig's node
 * logs in as root, whose `.bashrc` on these machines runs pyenv's init, as many servers' profiles run
 * nvm, conda or pyenv. The read in a session of its own (sshd starts the user's shell, which reads
 * that profile, every time) against the same read in the connection's kept shell (the profile read
 * once). Prints figures; asserts nothing.
 *
 *   npx tsx --tsconfig tsconfig.node.json tests/bench/node-commands.bench.ts   (with HOSTER_RIG set)
 */
import { cpus } from 'node:os';
import { nodeMetricsCommand } from '../../src/main/core/monitoring/stats/node-sample';
import { addRigNode } from '../helpers/rig-node';
import { makeTempDir } from '../helpers/temp-dir';
import { loadRig } from '../rig/rig';
import { openBenchCore } from './bench-core';
import { medianMs } from './median';

const RUNS = 21;
const rig = loadRig();
const dir = makeTempDir('hoster-bench-commands-');

/** CPU time this machine (which is the node here) spent, in ms, across all cores. */
const busyMs = () =>
  cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.sys + cpu.times.nice + cpu.times.irq, 0);

async function main() {
  const { core, call } = openBenchCore(dir.path);
  try {
    const node = await addRigNode({ call }, rig);
    const command = nodeMetricsCommand('/', false);
    const measure = async (repeated: boolean) => {
      await core.nodeConnections.exec(node.id, command, { repeated });
      const before = busyMs();
      const median = await medianMs(RUNS, () => core.nodeConnections.exec(node.id, command, { repeated }));
      return { median, cpuPerRead: (busyMs() - before) / RUNS };
    };
    const own = await measure(false);
    const kept = await measure(true);
    console.log(`node read (CPU, memory, disk), median of ${RUNS}, node = this machine:`);
    console.log(
      `  own session each time: ${own.median.toFixed(1)} ms, ${own.cpuPerRead.toFixed(1)} ms of CPU per read (the peer)`,
    );
    console.log(
      `  kept shell:            ${kept.median.toFixed(1)} ms, ${kept.cpuPerRead.toFixed(1)} ms of CPU per read`,
    );
    console.log(
      `  ratio: ${(own.median / kept.median).toFixed(1)}× faster, ${(own.cpuPerRead / Math.max(kept.cpuPerRead, 0.1)).toFixed(1)}× less CPU`,
    );
  } finally {
    await core.close();
    dir.remove();
  }
}

await main();

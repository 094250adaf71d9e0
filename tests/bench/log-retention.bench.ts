/**
 * The retention worker's log pass when nothing is due (every deployment under its cap, no line past
 * its age), as it is on most minutes: 75 deployments of 5,000 lines each. The peer is what a pass
 * read before it asked first: the oldest 5,000 lines of every deployment. Goal: under 5 ms a pass.
 * Run: npx tsx --tsconfig tsconfig.node.json tests/bench/log-retention.bench.ts
 */
import { openDatabase } from '../../src/main/core/db/database';
import { migrations } from '../../src/main/core/db/migrations';
import { createLogRepository, trimLogs } from '../../src/main/core/monitoring/store/log-repository';
import { medianMs } from './median';

const DEPLOYMENTS = 75;
const LINES = 5000;
const RUNS = 5;

const { db } = openDatabase(':memory:', migrations);
const logs = createLogRepository(db);
const ids = Array.from({ length: DEPLOYMENTS }, (_, d) => `deployment-${String(d)}`);
for (const deploymentId of ids)
  logs.insert(
    Array.from({ length: LINES }, (_, n) => ({
      deploymentId,
      service: 'web',
      containerId: `${deploymentId}-web`,
      stream: 1,
      atUs: 1_000_000 + n * 2_000_000,
      text: `GET /api/items/${String(n)} 200 in ${String(n % 97)} ms`,
    })),
  );

const oldestStep = db.prepare(
  `SELECT id, at_us, chunk_id, pos FROM log_index
   WHERE deployment_key = (SELECT key FROM log_deployments WHERE deployment_id = ?) ORDER BY at_us, id LIMIT 5000`,
);
let trimmed = 0;
const passMs = await medianMs(RUNS, async () => {
  for (const id of ids) trimmed += await trimLogs(logs, id, 100 * 1024 * 1024, 0);
});
const peerMs = await medianMs(RUNS, () => {
  for (const id of ids) oldestStep.all(id);
});
db.close();

console.log(
  `\nLog retention pass, nothing due, ${String(DEPLOYMENTS)} deployments × ${String(LINES)} lines (median of ${String(RUNS)})`,
);
console.log(
  `${passMs.toFixed(2)} ms   (reading the oldest ${String(LINES)} of each, as a pass did: ${peerMs.toFixed(1)} ms, ${(peerMs / passMs).toFixed(0)}×)   ${String(trimmed)} lines trimmed   goal < 5 ms: ${passMs < 5 ? 'within goal' : 'missed'}`,
);

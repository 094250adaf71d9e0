/**
 * The logs tab with 200,000 stored lines, in Chromium against the built renderer in browser mode:
 * time to open it, then frame times while scrolling (steady flings plus random jumps), read from
 * requestAnimationFrame. Goal: p95 frame ≤ 17 ms. Printed with the ratio to the goal, never asserted.
 * The peer, in the same browser: the same 200,000 lines as plain DOM rows (nothing virtualised).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../e2e/chromium';
import { openDatabase } from '../../src/main/core/db/database';
import { migrations } from '../../src/main/core/db/migrations';
import { createLogRepository } from '../../src/main/core/monitoring/store/log-repository';
import { makeTempDir } from '../helpers/temp-dir';

const LINES = 200_000;
const FRAMES = 600;
const DEPLOYMENT = 'bench-render-deployment';
const root = join(import.meta.dirname, '..', '..');

function fillStore(dataDir: string) {
  const { db } = openDatabase(join(dataDir, 'hoster.db'), migrations);
  const logs = createLogRepository(db);
  const services = ['web', 'db', 'worker'];
  for (let from = 0; from < LINES; from += 2000) {
    logs.insert(
      Array.from({ length: 2000 }, (_, k) => {
        const i = from + k;
        return {
          deploymentId: DEPLOYMENT,
          service: services[i % 3] ?? 'web',
          containerId: 'c0ffee000000',
          stream: i % 17 === 0 ? 2 : 1,
          atUs: 1_800_000_000_000_000 + i * 1000,
          text: `line ${i}: GET /api/items/${i % 977} 200 in ${i % 250} ms from 10.0.${i % 255}.${i % 7}`,
        };
      }),
    );
  }
  db.close();
}

async function serve(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(root, 'out/main/serve.js'), '--data-dir', dataDir, '--port', '0'],
    {
      env: {
        ...process.env,
        HOSTER_TOKEN: randomBytes(16).toString('hex'),
        HOSTER_KEYRING_SERVICE: `hoster-bench-${randomBytes(4).toString('hex')}`,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not start in 20 s')), 20_000);
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(printed);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Frame intervals while scrolling `selector`: a steady fling, with a jump to a random place every
 * 60 frames. Written as text: tsx would add helpers to a function that the page does not have.
 */
const scrollFrames = (page: Page, selector: string) =>
  page.evaluate<{ intervals: number[]; loading: number }>(`new Promise((resolve) => {
    const element = document.querySelector(${JSON.stringify(selector)});
    const intervals = [];
    let last = 0;
    let step = 0;
    let loading = 0;
    const tick = (now) => {
      if (last > 0) intervals.push(now - last);
      last = now;
      if (document.querySelector('.log-row-pending')) loading += 1;
      if (step >= ${FRAMES}) return resolve({ intervals, loading });
      element.scrollTop = step % 60 === 59 ? Math.random() * element.scrollHeight : element.scrollTop + (step % 120 < 60 ? 700 : -700);
      step += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;
const describe = (label: string, intervals: number[]) =>
  `${label}: p50 ${percentile(intervals, 0.5).toFixed(1)} ms, p95 ${percentile(intervals, 0.95).toFixed(1)} ms, max ${Math.max(...intervals).toFixed(1)} ms over ${intervals.length} frames`;

const dir = makeTempDir('hoster-bench-render-');
let stop: (() => Promise<void>) | null = null;
const browser = await chromium.launch({ executablePath: chromiumExecutable, args: [...chromiumArgs] });
try {
  let started = performance.now();
  fillStore(dir.path);
  console.log(
    `store filled with ${LINES.toLocaleString('en')} lines in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const served = await serve(dir.path);
  stop = served.stop;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${served.url}#/monitoring/${DEPLOYMENT}`);
  started = performance.now();
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByTestId('log-total').filter({ hasText: '200,000 lines' }).waitFor();
  await page.getByTestId('log-row').first().waitFor();
  console.log(
    `logs tab open with the newest of ${LINES.toLocaleString('en')} lines shown: ${(performance.now() - started).toFixed(0)} ms`,
  );
  await page.getByTestId('log-follow').uncheck();
  const rendered = await page.getByTestId('log-row').count();
  const virtual = await scrollFrames(page, '[data-testid="log-viewport"]');
  const p95 = percentile(virtual.intervals, 0.95);
  console.log(
    `${describe('virtualised viewer, 200,000 lines', virtual.intervals)}; ${rendered} rows in the page; rows still loading in ${virtual.loading} frames; ${(p95 / 17).toFixed(2)}× the 17 ms goal`,
  );

  await page.setContent('<div id="plain" style="height:520px;overflow:auto;font:12px monospace"></div>');
  const built = await page.evaluate<number>(`new Promise((resolve) => {
    const started = performance.now();
    const rows = [];
    for (let i = 0; i < ${LINES}; i += 1) rows.push('<div style="height:18px;white-space:pre">line ' + i + ': GET /api/items/' + (i % 977) + ' 200</div>');
    document.getElementById('plain').innerHTML = rows.join('');
    requestAnimationFrame(() => resolve(performance.now() - started));
  })`);
  const plain = await scrollFrames(page, '#plain');
  console.log(
    `${describe(`peer: 200,000 plain DOM rows (first shown after ${built.toFixed(0)} ms)`, plain.intervals)}; p95 ratio viewer/peer ${(p95 / percentile(plain.intervals, 0.95)).toFixed(2)}`,
  );
} finally {
  await browser.close();
  await stop?.();
  dir.remove();
}

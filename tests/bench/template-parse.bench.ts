import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { importTemplateBundle, validateTemplate } from '../../src/main/core/templates';
import { checkPattern, compiledPatternCacheSize } from '../../src/shared/template-pattern';

/**
 * How long validateTemplate (read, schema, support check, normalize, policy) takes. Prints figures
 * against the goals; it asserts nothing. Run: npx vitest bench --run --project unit tests/bench/template-parse.bench.ts
 */

const CATALOG = resolve(__dirname, '../../resources/templates');
const read = (slug: string, file: string) => readFileSync(resolve(CATALOG, slug, file), 'utf8');
const plausible = {
  manifest: read('plausible', 'template.yaml'),
  compose: read('plausible', 'compose.yaml'),
};

const manifest = {
  name: 'Bench',
  slug: 'bench',
  version: '1.0.0',
  description: 'Benchmark input.',
  category: 'web',
  icon: '🧪',
  price_monthly_cents: 300,
  resources: { cpu_cores: 1, memory_mb: 512, disk_mb: 1024 },
  secrets: [{ name: 'DB_PASSWORD', kind: 'password' }],
};

const service = (i: number) => `  svc${i}:
    image: registry.example.com/team/app-${i}:1.${i}.0
    restart: unless-stopped
    command: ["serve", "--port", "80${i % 10}0", "--workers", "4"]
    environment:
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db:5432/app_${i}
      LOG_LEVEL: info
      FEATURE_FLAGS: alpha,beta,gamma
    ports: ["${3000 + (i % 1000)}"]
    volumes:
      - data_${i}:/var/lib/app
      - type: tmpfs
        target: /tmp
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD-SHELL", "wget -q --spider http://127.0.0.1:80${i % 10}0/health || exit 1"]
      interval: 30s
      timeout: 5s
      retries: 3
    deploy:
      resources:
        limits: { cpus: "0.5", memory: 256m }
    labels:
      com.example.team: platform
      com.example.service: app-${i}
`;

/** A compose file of about `bytes`, built from services like a real one's. */
function composeOfSize(bytes: number): string {
  const head =
    'services:\n  db:\n    image: postgres:16.6-alpine\n    restart: always\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n';
  let services = '';
  let volumes = 'volumes:\n';
  for (let i = 0; head.length + services.length + volumes.length + 900 < bytes; i += 1) {
    services += service(i);
    volumes += `  data_${i}:\n`;
  }
  return head + services + volumes;
}

const small = composeOfSize(6 * 1024);
const typical = composeOfSize(15 * 1024);
const largest = composeOfSize(250 * 1024);
const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...Array.from(
    { length: 9 },
    (_, i) =>
      `${'bcdefghij'[i] ?? 'z'}: &${'bcdefghij'[i] ?? 'z'} [${Array(9)
        .fill(`*${'abcdefghi'[i] ?? 'a'}`)
        .join(',')}]`,
  ),
].join('\n');
const hostile: Record<string, string> = {
  'flow nesting 10k': `services: ${'['.repeat(10_000)}`,
  'block nesting 10k': Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`)
    .join('\n')
    .slice(0, 250 * 1024),
  'billion laughs': bomb,
  'expansion to 100k values': `a: &a [${Array(2000).fill('1').join(',')}]\nservices: [${Array(90).fill('*a').join(',')}]\n`,
  'oversized (300 KiB)': `services:\n  a:\n    image: "${'x'.repeat(300 * 1024)}"\n`,
  'string near the cap': `services:\n  a:\n    image: a:1\n    restart: always\n    environment:\n      BIG: "${'x'.repeat(255 * 1024)}"\n`,
  'binary junk': Array.from({ length: 200 * 1024 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
};

/**
 * A bundle whose patterns backtrack for ages in JavaScript's RegExp, each with a 4 KiB default that
 * almost matches: the classic four, and the costliest shape found for RE2 (its state set grows with
 * the count) taking the rest of the template's pattern budget (923 of 1,000 instructions): the worst a
 * bundle can ask and still be accepted.
 */
const hostilePatternBundle = JSON.stringify({
  format: 'hoster-template-bundle',
  version: 1,
  template: {
    manifest: {
      ...manifest,
      variables: [
        ['(a+)+$', `${'a'.repeat(4095)}!`],
        ['(a|aa)+$', `${'a'.repeat(4095)}!`],
        ['(.*a){20}', `${'a'.repeat(4095)}b`],
        ['^(([a-z])+.)+[A-Z]([a-z])+$', `${'a'.repeat(4095)}!`],
        ['(?:.{0,380}a)*b', 'a'.repeat(4096)],
      ].map(([pattern, value], i) => ({ name: `V${i}`, label: `V${i}`, pattern, default: value })),
    },
    compose: small,
  },
});

const validate = (compose: string, m: unknown = manifest) => validateTemplate({ manifest: m, compose });
const importHostilePatterns = () => importTemplateBundle(hostilePatternBundle);
/** Pushes every pattern out of the compiled-pattern cache, so the next import compiles and matches afresh. */
let flushes = 0;
const forgetPatterns = () => {
  for (let i = 0; i < compiledPatternCacheSize; i += 1) checkPattern(`flush${flushes}-${i}`);
  flushes += 1;
};

function measure(
  run: () => unknown,
  runs: number,
  before?: () => void,
): { median: number; p95: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    before?.();
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), max: at(1) };
}

const coldStart = measure(() => validate(typical), 1).max;

describe('validateTemplate', () => {
  bench(`compose of ${(small.length / 1024).toFixed(1)} KiB`, () => void validate(small));
  bench(`typical compose (${(typical.length / 1024).toFixed(1)} KiB)`, () => void validate(typical));
  bench(
    `plausible built-in (${(plausible.compose.length / 1024).toFixed(1)} KiB, manifest as YAML)`,
    () => void validate(plausible.compose, plausible.manifest),
  );
  bench(`largest allowed compose (${(largest.length / 1024).toFixed(0)} KiB)`, () => void validate(largest), {
    iterations: 20,
    time: 2000,
  });
  for (const [name, text] of Object.entries(hostile))
    bench(`hostile: ${name}`, () => void validate(text), { iterations: 10, time: 500 });
  bench('hostile-pattern bundle import', () => void importHostilePatterns(), { iterations: 10, time: 500 });
});

afterAll(() => {
  const worstHostile = Object.entries(hostile)
    .map(([name, text]) => ({ name, ...measure(() => validate(text), 10) }))
    .sort((a, b) => b.max - a.max)[0];
  const rows: [string, { median: number; p95: number; max: number }, number][] = [
    [`compose, ${(small.length / 1024).toFixed(1)} KiB`, measure(() => validate(small), 100), 5],
    [`typical compose, ${(typical.length / 1024).toFixed(1)} KiB`, measure(() => validate(typical), 100), 5],
    [
      `plausible built-in, ${(plausible.compose.length / 1024).toFixed(1)} KiB`,
      measure(() => validate(plausible.compose, plausible.manifest), 100),
      5,
    ],
    [`largest allowed, ${(largest.length / 1024).toFixed(0)} KiB`, measure(() => validate(largest), 20), 250],
    [
      `hostile, worst case (${worstHostile?.name ?? '-'})`,
      worstHostile ?? { median: 0, p95: 0, max: 0 },
      500,
    ],
    ['hostile-pattern bundle import', measure(importHostilePatterns, 10), 100],
    ['… the first time (no pattern compiled yet)', measure(importHostilePatterns, 10, forgetPatterns), 100],
  ];
  const lines = rows.map(
    ([name, m, goal]) =>
      `${name.padEnd(52)} median ${m.median.toFixed(2).padStart(8)} ms   p95 ${m.p95.toFixed(2).padStart(8)} ms   median goal ≤ ${goal} ms   ${m.median <= goal ? 'within goal' : 'OVER GOAL'}`,
  );
  console.log(
    [
      '',
      'Template parse + policy (validateTemplate)',
      `cold start (first call, compiles the compose schema): ${coldStart.toFixed(1)} ms`,
      ...lines,
      '',
    ].join('\n'),
  );
}, 120_000);

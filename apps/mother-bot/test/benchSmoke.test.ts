import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testMongoUri } from '@test-support/database';

/**
 * `npm run bench -- --smoke` works: every benchmark runs with tiny sizes against the sandbox, the
 * run's database and a private PM2 daemon, and writes a JSON report with every figure present.
 * Timings are never asserted (the machine is shared with the rest of the suite).
 */
const ROOT = resolve(__dirname, '..', '..', '..');
let child: ChildProcess | undefined;
const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  rmSync(out, { recursive: true, force: true });
});

test('the bench runs in smoke mode and reports every figure', async () => {
  let output = '';
  const code = await new Promise<number | null>((done) => {
    child = spawn(process.execPath, [join(ROOT, 'bench', 'bench.js'), '--smoke', '--no-build', '--no-docs', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, BENCH_MONGODB_URI: testMongoUri() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (c) => done(c));
  });
  const files = readdirSync(out).filter((f) => /^bench-.*-smoke\.json$/.test(f));
  if (code !== 0 || files.length !== 1) throw new Error(`bench --smoke exited ${code}:\n${output.slice(-4000)}`);
  const r = JSON.parse(readFileSync(join(out, files[0]!), 'utf8'));
  expect(r.errors).toEqual({});
  for (const key of ['os', 'cpus', 'memoryBytes', 'node', 'loadAverageAtStart']) expect(r.machine[key]).toBeDefined();
  expect(r.sandbox.rawPollerUpdatesPerSec).toEqual(expect.any(Number));
  for (const key of ['cloneRssMB', 'bareBotUnderPm2RssMB', 'ratio', 'pm2DaemonRssMB', 'motherRssMB']) expect(r.idle.memory[key]).toEqual(expect.any(Number));
  for (const key of ['clonePercentOfCore', 'bareBotPercentOfCore']) expect(r.idle.cpu[key]).toEqual(expect.any(Number));
  expect(r.coldStart.rows.length).toBeGreaterThan(0);
  for (const row of r.coldStart.rows) {
    expect(row.ours.answered).toBe(row.clones);
    expect(row.bare.answered).toBe(row.clones);
  }
  expect(r.throughput.rows.length).toBe(5);
  const trivial = r.throughput.rows[0];
  expect(r.throughput.rows[2].ours.burst.updatesPerSec).toEqual(expect.any(Number));
  // The file link with link verification on, for users who verified: its latency is reported.
  const verified = r.throughput.rows[3];
  expect(verified.handler).toMatch(/verification on/);
  expect(verified.ours.latency.p99Ms).toEqual(expect.any(Number));
  // The file link with the owner's caption template filled in: still a file, with its latency.
  const captioned = r.throughput.rows[4];
  expect(captioned.handler).toMatch(/caption template/);
  expect(captioned.ours.burst.replyKind).toBe('document');
  expect(captioned.ours.latency.p99Ms).toEqual(expect.any(Number));
  expect(trivial.ours.burst.updatesPerSec).toEqual(expect.any(Number));
  expect(trivial.bare.burst.updatesPerSec).toEqual(expect.any(Number));
  expect(trivial.ours.latency.p99Ms).toEqual(expect.any(Number));
  // The crowd section: a filled clone per size, every handler against both baselines.
  expect(r.crowd.sizes.map((s: { n: number }) => s.n)).toEqual(r.sizes.crowd.sizes);
  for (const size of r.crowd.sizes) {
    for (const bot of ['ours', 'bare', 'peer']) expect(size.fill[bot].totalMs).toEqual(expect.any(Number));
    expect(size.fill.ours.users).toBe(size.n);
    expect(size.oursStartToAnswerMs).toEqual(expect.any(Number));
    expect(size.handlers.map((h: { key: string }) => h.key)).toEqual(['start', 'file', 'batch', 'search']);
    for (const h of size.handlers) {
      const bots = h.key === 'start' || h.key === 'file' ? ['ours', 'bare', 'peer'] : ['ours'];
      for (const bot of bots) {
        expect(h[bot].skipped).toBeUndefined();
        for (const mode of ['burst', 'paced']) {
          const row = h[bot][mode];
          expect(row.sent).toBeGreaterThan(0);
          expect(row.answered).toBeLessThanOrEqual(row.sent);
          // Whether all were answered within the row's time budget is the section's verdict, not this test's.
          if (bot === 'ours') expect(row.answered).toBeGreaterThan(0);
          if (row.answered > 0) expect(row.updatesPerSec).toEqual(expect.any(Number));
          if (row.answered === row.sent) for (const key of ['p50Ms', 'p95Ms', 'p99Ms']) expect(row[key]).toEqual(expect.any(Number));
          expect(row.failed).toBe(row.answered < row.sent);
        }
      }
    }
    for (const h of size.handlers.filter((x: { key: string }) => x.key === 'start' || x.key === 'file')) {
      expect(h.ratios.burstOursToBare).toEqual(expect.any(Number));
      expect(h.ratios.burstOursToPeer).toEqual(expect.any(Number));
    }
  }
  expect(Array.isArray(r.crowd.failedRows)).toBe(true);
  expect(typeof r.crowd.met).toBe('boolean');
  expect(r.crowd.goals.checks.map((g: { key: string; kind: string }) => `${g.key}:${g.kind}`)).toEqual([
    'start:throughput',
    'file:throughput',
    'start:p99',
    'file:p99',
    'batch:p99',
    'search:p95',
  ]);
  // A clean run and one with 429s and a kill -9 of the engine's process mid-run.
  const [clean, killed] = r.broadcast.runs;
  expect([clean.faults > 0, clean.kill !== null, killed.faults > 0, killed.kill !== null]).toEqual([false, false, true, true]);
  for (const run of r.broadcast.runs) {
    expect(run.ratePerSec).toEqual(expect.any(Number));
    expect(run.completed).toBe(true);
    expect(run.duplicates).toBe(0); // at most once, whatever happens
  }
  expect(clean.misses).toBe(0);
  expect(clean.delivered).toBe(clean.recipients);
  // After a kill -9 the one window whose sends may have started is counted unknown and not sent
  // again: a miss can only be one of those (when the kill fell between the window's write and
  // its sends), never someone the engine lost track of. The full bench reports how often.
  expect(killed.misses).toBeLessThanOrEqual(killed.counters.unknown);
  expect(killed.counters.unknown).toBeLessThanOrEqual(10);
  expect(killed.delivered + killed.misses).toBe(killed.recipients);
  expect(r.reconcile.clones).toBeGreaterThan(0);
  expect(r.reconcile.newMotherReadyMs).toEqual(expect.any(Number));
  expect(r.scale.steps.length).toBeGreaterThan(0);
  expect(r.scale.steps[0].latency.p99Ms).toEqual(expect.any(Number));
  expect(r.scale.steps[0].memory.clonesTotalMB).toEqual(expect.any(Number));
  // The webhook section: polling and webhooks side by side, each with every figure.
  expect(r.webhook.modes.map((m: { mode: string }) => m.mode)).toEqual(['polling', 'webhook']);
  for (const m of r.webhook.modes) {
    expect(m.error).toBeUndefined();
    for (const key of ['rssPerCloneMB', 'cpuPerClonePercentOfCore', 'hostCpuPerClonePercentOfCore']) expect(m.idle[key]).toEqual(expect.any(Number));
    expect(m.fileLink.burst.replyKind).toBe('document');
    expect(m.fileLink.latency.p99Ms).toEqual(expect.any(Number));
    expect(m.scale.steps[0].latency.p99Ms).toEqual(expect.any(Number));
  }
  expect(r.webhook.modes[1].deliveries.webhook.delivered).toBeGreaterThan(0);
}, 480_000);

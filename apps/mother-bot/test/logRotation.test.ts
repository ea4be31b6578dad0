import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, writeWorkerSecrets } from '@motherbot/core';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { workerLogPaths, workerStartOptions } from '../src/cloneManager/workerStartOptions';
import { describeLogRotation } from '../src/ops/logRotation';

/**
 * Rotation of PM2's log files by pm2-logrotate, installed the way the runbook says
 * (`npm run logs:rotation`, from node_modules, no registry) into a private PM2 home, and what
 * describeLogRotation (the readiness report's source) makes of it before and after.
 */
const repo = join(__dirname, '..', '..', '..');
const pm2Bin = join(require.resolve('pm2/package.json'), '..', 'bin', 'pm2');
const fixture = join(__dirname, 'fixtures', 'logWriter.js');
const CLONE = 'c3d4e5f6a1b2';

describe('log rotation by pm2-logrotate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logrotation-'));
  const pm2Home = join(dir, 'pm2');
  const logDir = join(dir, 'logs');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PM2_HOME: pm2Home };
  const cli = (...args: string[]): string => execFileSync(process.execPath, [pm2Bin, ...args], { env }).toString();
  const pm2 = new Pm2Client(pm2Home);

  afterAll(async () => {
    await pm2.shutdownDaemon().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('is reported missing on a PM2 without it', () => {
    const facts = describeLogRotation(pm2Home);
    expect(facts).toMatchObject({ installed: false, version: null, settings: null, running: null });
    expect(facts.problems).toEqual([expect.stringMatching(/^pm2-logrotate is not installed in PM2_HOME .*: no PM2 log file is ever rotated/)]);
  });

  it('npm run logs:rotation installs it from node_modules with the recommended settings', async () => {
    const out = execFileSync('bash', [join(repo, 'scripts', 'log-rotation.sh')], { env: { ...env, npm_config_offline: 'true' } }).toString();
    expect(out).toContain('pm2-logrotate online');
    await pm2.connect();
    const facts = describeLogRotation(pm2Home, await pm2.list());
    expect(facts).toMatchObject({
      installed: true,
      version: '3.0.0',
      running: true,
      settings: { maxSize: '20M', maxSizeBytes: 20 * 1024 * 1024, retain: 14, compress: false, rotateInterval: '0 0 * * *', workerIntervalSeconds: 30 },
      problems: [],
      differences: [],
    });
    // A second run changes nothing and leaves it online.
    expect(execFileSync('bash', [join(repo, 'scripts', 'log-rotation.sh')], { env }).toString()).toContain('max_size 20M, retain 14');
  }, 60_000);

  it('rotates a worker\'s out file beside it while the worker goes on writing to it', async () => {
    cli('set', 'pm2-logrotate:max_size', '1K');
    cli('set', 'pm2-logrotate:workerInterval', '1');
    const config = loadConfig({ env: { NODE_ENV: 'production', LOG_DIR: logDir, DATA_DIR: join(dir, 'data') }, envFile: null, productionRules: false });
    const options = workerStartOptions(CLONE, config, fixture);
    // The fixture as a worker reads its runtime file; this one holds no real secret.
    writeWorkerSecrets(config.dataDir, { cloneId: CLONE, mongoUri: 'mongodb://127.0.0.1:1/', cloneKey: Buffer.alloc(32, 1).toString('base64') });
    await pm2.start({ ...options, env: { ...options.env, LOG_LINES: '10', LOG_TICK_MS: '20' } });

    const { out } = workerLogPaths(logDir, CLONE);
    const clonesDir = join(logDir, 'clones');
    const rotated = (): string[] => readdirSync(clonesDir).filter((f) => f.startsWith(`clone-${CLONE}-out__`) && f.endsWith('.log')).sort();
    const ticksIn = (file: string): number[] =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { message: string })
        .map((e) => /^tick (\d+)$/.exec(e.message)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number);
    await waitUntil('three rotated files', () => existsSync(clonesDir) && rotated().length >= 3, 30_000);
    const lastRotatedTick = Math.max(...rotated().flatMap((f) => ticksIn(join(clonesDir, f))));
    await waitUntil('a tick after the rotations in the same out file', () => ticksIn(out).some((n) => n > lastRotatedTick), 10_000);
    expect(cli('logs', `clone-${CLONE}`, '--nostream', '--raw', '--lines', '3')).toMatch(/"message":"tick \d+"/);

    // pm2-logrotate copies, then truncates: what was written between the two is gone. Measured, not asserted.
    await pm2.stop(`clone-${CLONE}`);
    const ticks = new Set([...rotated().flatMap((f) => ticksIn(join(clonesDir, f))), ...ticksIn(out)]);
    const highest = Math.max(...ticks);
    process.stdout.write(`log rotation: ${rotated().length} rotations of ${highest} lines at 50 lines/s, ${highest - ticks.size} lines lost\n`);

    const facts = describeLogRotation(pm2Home, await pm2.list());
    expect(facts.problems).toEqual([expect.stringMatching(/^max_size 1K is 1024 bytes: files rotate all the time/)]);
    expect(facts.differences).toEqual(['max_size 1K (recommended 20M)', 'workerInterval 1 s (recommended 30)']);
  }, 90_000);

  it('reports rotated files kept forever when retain is unset', async () => {
    cli('set', 'pm2-logrotate:retain', 'all');
    expect(describeLogRotation(pm2Home).problems).toContain('retain is unset: rotated files are never deleted (pm2 set pm2-logrotate:retain 14)');
  });
});

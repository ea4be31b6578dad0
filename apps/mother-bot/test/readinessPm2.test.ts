import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, writeWorkerSecrets, type AppConfig } from '@motherbot/core';
import { CHECKS, type ProcessSnapshot, type ReadinessInputs } from '@motherbot/ops';
import { openTestDatabase } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { livePm2Daemon, readPm2Snapshot } from '../src/ops/pm2Snapshot';

const CLONE = 'c0ffee000001';
const MASTER_KEY = 'ReadinessPm2MasterKeyReadinessPm2MasterKey1';

/**
 * The readiness report reads a real PM2 daemon (a private PM2_HOME): each worker's environment
 * as PM2 keeps it and as /proc shows it, its command line and out file, and the exits the daemon
 * logged. A worker started with a secret in its environment fails clone isolation; a clean one
 * passes; its PM2 out file, with no pm2-logrotate in that home, fails log rotation.
 */
describe('readiness against a real PM2 daemon', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-pm2-'));
  const pm2Home = join(dir, 'pm2');
  const pm2 = new Pm2Client(pm2Home);
  const script = join(dir, 'worker.js');
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let config: AppConfig;

  beforeAll(async () => {
    db = await openTestDatabase('readypm2');
    config = loadConfig({ env: { DATA_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs'), DATABASE_NAME: db.dbName, MASTER_KEY }, envFile: null });
    writeFileSync(script, "process.on('SIGINT', () => process.exit(0)); setInterval(() => undefined, 1000); console.log('worker up');\n");
    writeWorkerSecrets(config.dataDir, { cloneId: CLONE, mongoUri: 'mongodb://127.0.0.1:1/', cloneKey: Buffer.alloc(32, 3).toString('base64') });
    await pm2.connect();
  });
  afterAll(async () => {
    await pm2.shutdownDaemon().catch(() => undefined);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string>): Promise<void> =>
    pm2.start({ name: `clone-${CLONE}`, namespace: 'clones', script, cwd: dir, filter_env: [''], autorestart: false, pmx: false, env: { CLONE_ID: CLONE, DATABASE_NAME: db.dbName, PATH: process.env.PATH ?? '', ...env } });
  const snapshot = async (): Promise<ProcessSnapshot> => {
    await waitUntil('the worker online', async () => (await pm2.list()).some((p) => p.name === `clone-${CLONE}` && p.status === 'online' && p.pid > 0), 15_000);
    return readPm2Snapshot(pm2Home, false);
  };
  const inputs = (s: ProcessSnapshot): ReadinessInputs => ({
    config,
    db: db.connection,
    getMe: async () => ({}),
    httpGet: async () => ({ status: 503, body: '' }),
    processes: async () => s,
    repoRoot: dir,
    backupDir: join(dir, 'backups'),
    now: new Date(),
  });

  it('fails clone isolation on a worker PM2 runs with MASTER_KEY in its environment', async () => {
    await start({ MASTER_KEY });
    const s = await snapshot();
    const worker = s.processes.find((p) => p.name === `clone-${CLONE}`);
    expect(worker?.envSource).toBe('PM2 env + /proc/<pid>/environ');
    expect(worker?.commandLine.join(' ')).toContain(script);
    const result = await CHECKS['clone-isolation'](inputs(s));
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining(`clone-${CLONE}: MASTER_KEY in its environment`) });
    expect(result.detail).not.toContain(MASTER_KEY);
    await pm2.delete(`clone-${CLONE}`);
  });

  it('passes on a clean worker, and reads its exit from the daemon log once it stops', async () => {
    await start({});
    const s = await snapshot();
    expect(s).toMatchObject({ reachable: true, source: expect.stringContaining(`PM2 daemon of ${pm2Home}`) });
    const result = await CHECKS['clone-isolation'](inputs(s));
    expect(result).toMatchObject({ ok: true, detail: expect.stringContaining(`clone-${CLONE} pid`) });

    const rotation = await CHECKS['log-rotation'](inputs(s));
    expect(rotation).toMatchObject({ ok: false, detail: expect.stringContaining(`PM2_HOME/logs/clone-${CLONE}-out.log`) });
    expect(rotation.detail).toContain(`pm2-logrotate is not installed in PM2_HOME ${pm2Home}`);

    await pm2.stop(`clone-${CLONE}`);
    await waitUntil('the exit in pm2.log', () => readPm2Snapshot(pm2Home, false).then((after) => after.exits.some((e) => e.name === `clone-${CLONE}` && e.code === 0)), 15_000);
    const after = await readPm2Snapshot(pm2Home, false);
    expect(after.exits.find((e) => e.name === `clone-${CLONE}`)).toMatchObject({ code: 0 });
  });

  it('passes log rotation once pm2-logrotate is installed in that PM2 home (npm run logs:rotation)', async () => {
    const repo = join(__dirname, '..', '..', '..');
    execFileSync('bash', [join(repo, 'scripts', 'log-rotation.sh')], { env: { PATH: process.env.PATH, HOME: process.env.HOME, PM2_HOME: pm2Home, npm_config_offline: 'true' } });
    const s = await readPm2Snapshot(pm2Home, false);
    const rotation = await CHECKS['log-rotation'](inputs(s));
    expect(rotation).toMatchObject({ ok: true, detail: expect.stringContaining(`pm2-logrotate installed in ${pm2Home}, running, max_size 20M, retain 14`) });
    expect(rotation.detail).toContain(`PM2_HOME/logs/clone-${CLONE}-out.log`);
  }, 60_000);

  it('never starts a daemon where none runs', async () => {
    const empty = join(dir, 'no-daemon');
    const s = await readPm2Snapshot(empty, false);
    expect(s).toMatchObject({ reachable: false, problem: 'the directory does not exist' });
    expect(livePm2Daemon(empty)).toBeUndefined();
  });
});

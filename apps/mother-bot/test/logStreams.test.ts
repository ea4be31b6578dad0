import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, findFreePort, loadConfig, writeWorkerSecrets, type AppConfig } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { defaultWorkerScript, workerLogPaths, workerStartOptions } from '../src/cloneManager/workerStartOptions';

/**
 * One log stream per process, under a real PM2 daemon (private PM2_HOME), started the way
 * operators and the clone manager start them: the mother and the embedded database from
 * ecosystem.config.js, clone workers with workerStartOptions. In production every line is one
 * JSON entry in the process's PM2 out file, exactly once, redacted; and docs/runbook.md names
 * the files PM2 really writes.
 */
const repo = join(__dirname, '..', '..', '..');
const pm2Bin = join(require.resolve('pm2/package.json'), '..', 'bin', 'pm2');
const fixture = join(__dirname, 'fixtures', 'logWriter.js');
const BOT_TOKEN = '7012345678:AAH3kq0L2m9XbYvJtRzQwErTyUiOpAsDfGh';
const MASTER_KEY = 'mk_9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc';
const CLONE_TOKEN = '7098765432:AAGq1w2e3r4t5y6u7i8o9p0aSdFgHjKlZxC';
const CLONE_KEY = Buffer.alloc(32, 7).toString('base64');
const FIXTURE_CLONE = 'a1b2c3d4e5f6';
const REAL_CLONE = 'b2c3d4e5f6a1';

interface Entry {
  timestamp: string;
  level: string;
  label: string;
  message: string;
  [key: string]: unknown;
}

/** Every line of a file as a JSON entry; a line that is not JSON fails the test with the line. */
function entriesOf(file: string): Entry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Entry;
      } catch {
        throw new Error(`not a JSON line in ${file}: ${line}`);
      }
    });
}

const count = (entries: Entry[], message: string): number => entries.filter((e) => e.message === message).length;

describe('one log stream per process under PM2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstreams-'));
  const pm2Home = join(dir, 'pm2');
  const logDir = join(dir, 'logs');
  const dataDir = join(dir, 'data');
  const dbName = uniqueDbName('logs');
  const pm2 = new Pm2Client(pm2Home);
  let config: AppConfig;
  let cliEnv: NodeJS.ProcessEnv;
  const cli = (...args: string[]): string => execFileSync(process.execPath, [pm2Bin, ...args], { env: cliEnv, cwd: repo }).toString();

  beforeAll(async () => {
    const embeddedDbPort = await findFreePort();
    // What an operator's shell and .env give `pm2 start ecosystem.config.js`, in production.
    const settings = {
      NODE_ENV: 'production',
      LOG_DIR: logDir,
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(embeddedDbPort),
      DATABASE_NAME: dbName,
      BOT_TOKEN,
      MASTER_KEY,
      MONGODB_URI: '',
    };
    cliEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PM2_HOME: pm2Home, ...settings };
    config = loadConfig({ env: { ...settings, MONGODB_URI: testMongoUri() }, envFile: null, productionRules: false });

    // The ecosystem file as it is, the mother's script replaced by the fixture (a real mother
    // needs the real Bot API in production); each app's env pinned, whatever PM2 inherits.
    const ecosystem = join(dir, 'ecosystem.config.js');
    writeFileSync(
      ecosystem,
      `const real = require(${JSON.stringify(join(repo, 'ecosystem.config.js'))});\n` +
        `module.exports = { apps: real.apps.map((app) => ({ ...app, ...(app.name === 'motherbot' ? { script: ${JSON.stringify(fixture)} } : {}), env: { ...app.env, ...${JSON.stringify(settings)} } })) };\n`,
    );
    mkdirSync(logDir, { recursive: true });
    cli('start', ecosystem);

    // Clone workers as the manager starts them: a worker-like fixture and the real worker.
    writeWorkerSecrets(dataDir, { cloneId: FIXTURE_CLONE, mongoUri: 'mongodb://clone:S3cretPassw0rd@db.internal:27017/', cloneKey: CLONE_KEY });
    const runtimeFile = join(dataDir, 'run', 'clones', `${FIXTURE_CLONE}.json`);
    writeFileSync(runtimeFile, JSON.stringify({ ...JSON.parse(readFileSync(runtimeFile, 'utf8')), botToken: CLONE_TOKEN }), { mode: 0o600 });
    // The real worker finds no clone in its database: it logs why and exits 66 (not restarted).
    writeWorkerSecrets(dataDir, { cloneId: REAL_CLONE, mongoUri: testMongoUri(), cloneKey: CLONE_KEY });
    await pm2.connect();
    await pm2.start(workerStartOptions(FIXTURE_CLONE, config, fixture));
    await pm2.start(workerStartOptions(REAL_CLONE, config, defaultWorkerScript()));
  }, 90_000);

  afterAll(async () => {
    await pm2.shutdownDaemon().catch(() => undefined);
    const conn = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 1 });
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const outFile = (name: string): string => {
    const jlist = JSON.parse(cli('jlist')) as Array<{ name: string; pm2_env: { pm_out_log_path: string } }>;
    const path = jlist.find((p) => p.name === name)?.pm2_env.pm_out_log_path;
    if (!path) throw new Error(`${name} is not in pm2 jlist`);
    return path;
  };

  it('a clone worker writes each line once, as JSON, to its PM2 out file, with no secret', async () => {
    const file = workerLogPaths(logDir, FIXTURE_CLONE).out;
    await waitUntil('the worker fixture logged "done"', () => existsSync(file) && count(entriesOf(file), 'done') === 1, 20_000);
    const entries = entriesOf(file);
    for (let i = 1; i <= 100; i += 1) expect(count(entries, `line ${i}`)).toBe(1);
    expect(entries).toHaveLength(100 + 4);
    for (const e of entries) {
      expect(e.label).toBe(`clone:${FIXTURE_CLONE}`);
      expect(['info', 'warn', 'error']).toContain(e.level);
      expect(Number.isNaN(Date.parse(e.timestamp))).toBe(false);
    }
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[REDACTED]');
    for (const secret of [CLONE_TOKEN, CLONE_TOKEN.split(':')[1]!, CLONE_KEY, 'S3cretPassw0rd']) expect(text).not.toContain(secret);
    // Nothing else holds the lines: no daily files beside PM2's, nothing on stderr.
    expect(readdirSync(join(logDir, 'clones')).filter((f) => f.includes(FIXTURE_CLONE)).sort()).toEqual([
      `clone-${FIXTURE_CLONE}-error.log`,
      `clone-${FIXTURE_CLONE}-out.log`,
    ]);
    expect(readFileSync(workerLogPaths(logDir, FIXTURE_CLONE).error, 'utf8')).toBe('');
    // `pm2 logs clone-<id>` shows that file.
    expect(cli('logs', `clone-${FIXTURE_CLONE}`, '--nostream', '--raw', '--lines', '5')).toContain('"message":"done"');
  }, 30_000);

  it('the real clone worker in production logs its failed start once, as JSON, to the same place', async () => {
    const worker = async () => (await pm2.list()).find((p) => p.name === `clone-${REAL_CLONE}`);
    // Exited 66 and not restarted (PM2 shows such a process as `waiting restart` when it has exp_backoff_restart_delay).
    await waitUntil('the real worker exited 66', async () => {
      const w = await worker();
      return w?.exitCode === 66 && w.pid === 0;
    }, 30_000).catch(async (error: Error) => {
      const log = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '(none)');
      const paths = workerLogPaths(logDir, REAL_CLONE);
      throw new Error(`${error.message}: ${JSON.stringify(await worker())}\nout: ${log(paths.out)}\nerror: ${log(paths.error)}`);
    });
    expect((await worker())?.restarts).toBe(0);
    const entries = entriesOf(workerLogPaths(logDir, REAL_CLONE).out);
    expect(count(entries, 'clone worker failed to start')).toBe(1);
    expect(count(entries, 'clone worker stopping')).toBe(1);
    expect(entries.every((e) => e.label === `clone:${REAL_CLONE}` && typeof e.timestamp === 'string')).toBe(true);
    expect(entries.find((e) => e.message === 'clone worker failed to start')).toMatchObject({ level: 'error', error: { message: 'clone not found or deleted' } });
    expect(readdirSync(join(logDir, 'clones')).filter((f) => f.includes(REAL_CLONE))).toHaveLength(2);
  }, 40_000);

  it('the mother (ecosystem.config.js) writes JSON lines to its out file, shown by `pm2 logs motherbot`', async () => {
    const file = join(logDir, 'motherbot-out.log');
    await waitUntil('the mother fixture logged "done"', () => existsSync(file) && count(entriesOf(file), 'done') === 1, 20_000);
    const entries = entriesOf(file);
    for (let i = 1; i <= 100; i += 1) expect(count(entries, `line ${i}`)).toBe(1);
    expect(entries.every((e) => e.label === 'mother')).toBe(true);
    const text = readFileSync(file, 'utf8');
    for (const secret of [BOT_TOKEN, BOT_TOKEN.split(':')[1]!, MASTER_KEY, MASTER_KEY.slice(0, 12)]) expect(text).not.toContain(secret);
    expect(cli('logs', 'motherbot', '--nostream', '--raw', '--lines', '5')).toContain('"message":"done"');
  }, 30_000);

  it('the embedded database (ecosystem.config.js) logs JSON lines to its out file', async () => {
    const file = join(logDir, 'motherbot-db-out.log');
    await waitUntil('the database logged "ready"', () => existsSync(file) && entriesOf(file).some((e) => e.message.startsWith('embedded database ready')), 30_000);
    const ready = entriesOf(file).filter((e) => e.message.startsWith('embedded database ready'));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ level: 'info', label: 'database' });
  }, 40_000);

  it('docs/runbook.md names the files PM2 writes for each process', () => {
    // The runbook's table: | process | `name` | `LOG_DIR/…-out.log` | `LOG_DIR/…-error.log` |
    const runbook = readFileSync(join(repo, 'docs', 'runbook.md'), 'utf8');
    const rows = [...runbook.matchAll(/^\| [^|]+ \| `([^`]+)` \| `(LOG_DIR\/[^`]+)` \| `(LOG_DIR\/[^`]+)` \|$/gm)].map((m) => ({ name: m[1]!, out: m[2]!, error: m[3]! }));
    expect(rows.map((r) => r.name).sort()).toEqual(['clone-<id>', 'motherbot', 'motherbot-db']);
    const jlist = JSON.parse(cli('jlist')) as Array<{ name: string; pm2_env: { pm_out_log_path: string; pm_err_log_path: string } }>;
    const resolve = (path: string): string => path.replace('LOG_DIR', logDir).replace('<id>', FIXTURE_CLONE);
    for (const row of rows) {
      const name = row.name.replace('<id>', FIXTURE_CLONE);
      const proc = jlist.find((p) => p.name === name);
      expect({ name, out: proc?.pm2_env.pm_out_log_path, error: proc?.pm2_env.pm_err_log_path }).toEqual({ name, out: resolve(row.out), error: resolve(row.error) });
    }
    expect(outFile('motherbot')).toBe(join(logDir, 'motherbot-out.log'));
  });
});

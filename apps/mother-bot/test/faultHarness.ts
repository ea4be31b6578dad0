import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { waitUntil } from '@test-support/waitUntil';
import { EmbeddedDatabase, connectDatabase, findFreePort, platformModels } from '@motherbot/core';

/** FAULTS_WEBHOOK=1: the same faults with every bot taking its updates by webhook through the ingress. */
export const WEBHOOK_FAULTS = process.env.FAULTS_WEBHOOK === '1';
import { Pm2Client } from '../src/cloneManager/pm2Client';

const repo = join(__dirname, '..', '..', '..');
export const FAULT_MASTER_KEY = 'fault-test-master-key-0123456789abcdefghijklmn';

/**
 * A platform whose every part can be killed: the mother runs as its own process (the compiled
 * `main.js`, as under PM2), the database is a dedicated FerretDB, clone workers run under a
 * private PM2 daemon, Telegram is the sandbox.
 */
export class FaultPlatform {
  readonly dir = mkdtempSync(join(tmpdir(), 'faults-'));
  readonly sandbox = new TelegramSandbox({ flood: { enabled: false } });
  readonly pm2Home = join(this.dir, 'pm2');
  readonly pm2 = new Pm2Client(this.pm2Home);
  database = new EmbeddedDatabase({ dataDir: join(this.dir, 'db') });
  mother?: ChildProcess;
  motherOutput = '';
  motherBot!: { id: number; token: string; username: string };
  uri = '';
  webhookPort = 0;

  async start(): Promise<void> {
    if (WEBHOOK_FAULTS) this.webhookPort = await findFreePort();
    await this.sandbox.start({ port: 0 });
    this.motherBot = this.sandbox.createBot({ username: 'fault_mother_bot' });
    this.uri = await this.database.start();
    await this.startMother();
    await this.pm2.connect();
  }

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      BOT_TOKEN: this.motherBot.token,
      TELEGRAM_API_ROOT: this.sandbox.apiRoot,
      MONGODB_URI: this.uri,
      MASTER_KEY: FAULT_MASTER_KEY,
      DATA_DIR: join(this.dir, 'data'),
      LOG_DIR: join(this.dir, 'logs'),
      PM2_HOME: this.pm2Home,
      RECONCILE_INTERVAL_MS: '500',
      HEARTBEAT_INTERVAL_MS: '500',
      CLONE_KILL_TIMEOUT_MS: '3000',
      CLONES_PER_OWNER: '10',
      ...(WEBHOOK_FAULTS ? { WEBHOOK_BASE_URL: `http://127.0.0.1:${this.webhookPort}`, WEBHOOK_PORT: String(this.webhookPort) } : {}),
    };
  }

  /** Starts the compiled mother and resolves once it logged that it is ready. */
  async startMother(): Promise<void> {
    const child = spawn(process.execPath, [join(repo, 'apps/mother-bot/dist/main.js')], { cwd: this.dir, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.mother = child;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!out.includes('mother ready')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`mother did not start:\n${out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.motherOutput = out;
  }

  async killMother(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.mother;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    return exited;
  }

  /** Kills the FerretDB process itself (not its watchdog), then starts a new one on the same files and port. */
  async killDatabaseAndRestart(downMs: number): Promise<void> {
    const port = this.database.port;
    const ferret = execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n')
      .find((l) => l.includes(`--listen-addr=127.0.0.1:${port}`) && !l.includes('sh -c'));
    process.kill(Number(ferret!.trim().split(/\s+/)[0]), 'SIGKILL');
    await this.database.stop();
    await new Promise((r) => setTimeout(r, downMs));
    this.database = new EmbeddedDatabase({ dataDir: join(this.dir, 'db'), port });
    await this.database.start();
  }

  async models() {
    const conn = await connectDatabase(this.uri, { dbName: 'motherbot', maxPoolSize: 2 });
    return { conn, models: platformModels(conn) };
  }

  until<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
    return waitUntil(what, check, timeoutMs);
  }

  async workers() {
    return (await this.pm2.list()).filter((p) => p.name.startsWith('clone-'));
  }

  async close(): Promise<void> {
    await this.killMother('SIGTERM').catch(() => undefined);
    await this.pm2.shutdownDaemon().catch(() => undefined);
    await this.database.stop();
    await this.sandbox.stop();
    // FAULTS_KEEP=1 keeps the logs, the PM2 home and the database files for a post-mortem.
    if (process.env.FAULTS_KEEP === '1') console.log(`fault platform kept in ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }
}

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client, type Pm2Process } from '../src/cloneManager/pm2Client';

export const REPO = join(__dirname, '..', '..', '..');
const PM2_BIN = join(REPO, 'node_modules', '.bin', 'pm2');

/** A free TCP port on loopback (for the embedded database of the host). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A host run as the deployment guide says: `pm2 start ecosystem.config.js` with a real PM2
 * daemon in a private PM2_HOME, the embedded database as `motherbot-db`, the mother as
 * `motherbot` from the built `dist/`, and the Telegram sandbox (in this process) as Telegram.
 * The host's folder stands for the install: its `.env` holds the settings and is the
 * processes' working directory; its `ecosystem.config.js` is the repository's, with `cwd`
 * pointed there and the scripts at the repository's builds. `close()` kills the daemon (and
 * with it every process it runs), stops the sandbox and removes the folder.
 */
export class Pm2Host {
  readonly sandbox = new TelegramSandbox({ flood: { enabled: false } });
  readonly dir = mkdtempSync(join(tmpdir(), 'pm2host-'));
  readonly pm2Home = join(this.dir, 'pm2');
  readonly logDir = join(this.dir, 'logs');
  readonly ecosystem = join(this.dir, 'ecosystem.config.js');
  readonly inspector = new Pm2Client(this.pm2Home);
  motherBot!: { id: number; token: string; username: string };
  dbPort = 0;

  async start(settings: Record<string, string> = {}): Promise<void> {
    await this.sandbox.start({ port: 0 });
    this.motherBot = this.sandbox.createBot({ username: 'mother_pm2_bot', canManageBots: true });
    const admin = this.sandbox.createUser({ firstName: 'Ada' });
    this.dbPort = await freePort();
    const env: Record<string, string> = {
      BOT_TOKEN: this.motherBot.token,
      TELEGRAM_API_ROOT: this.sandbox.apiRoot,
      ADMIN_IDS: String(admin.id),
      MASTER_KEY: 'pm2-host-master-key-0123456789abcdefghijklmnop',
      EMBEDDED_DB_PORT: String(this.dbPort),
      HTTP_PORT: '0',
      // A busy test machine must not page the admin (whose chat is closed to the bot).
      ALERT_CPU_LOAD_PERCENT: '100000',
      ALERT_MEMORY_PERCENT: '100',
      ALERT_DISK_FREE_PERCENT: '0',
      ...settings,
    };
    writeFileSync(join(this.dir, '.env'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
    writeFileSync(
      this.ecosystem,
      [
        `const { resolve } = require('node:path');`,
        `const repo = ${JSON.stringify(REPO)};`,
        `const { apps } = require(resolve(repo, 'ecosystem.config.js'));`,
        `module.exports = { apps: apps.map((app) => ({ ...app, cwd: __dirname, script: resolve(repo, app.script) })) };`,
      ].join('\n'),
    );
    await this.pm2('start', this.ecosystem);
    await this.inspector.connect();
  }

  /** The shell a `pm2` command runs with: the operator's, reduced to what matters here. */
  shellEnv(): NodeJS.ProcessEnv {
    return {
      PATH: `${join(REPO, 'node_modules', '.bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: process.env.HOME,
      PM2_HOME: this.pm2Home,
      LOG_DIR: this.logDir,
      NODE_ENV: 'test',
      ...(process.env.FERRETDB_BIN ? { FERRETDB_BIN: process.env.FERRETDB_BIN } : {}),
    };
  }

  /** Runs the pm2 CLI against this host's daemon; resolves with its output. */
  pm2(...args: string[]): Promise<string> {
    return this.run(PM2_BIN, args);
  }

  /** Runs a command in the repository with this host's shell; rejects with its output on failure. */
  run(command: string, args: string[], timeoutMs = 120_000): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(command, args, { cwd: REPO, env: this.shellEnv(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(`${stdout}${stderr}`);
      });
    });
  }

  async processes(): Promise<Pm2Process[]> {
    return this.inspector.list();
  }

  async process(name: string): Promise<Pm2Process | undefined> {
    return (await this.processes()).find((p) => p.name === name);
  }

  /** PM2's own log (the daemon's): how each process exited, by which signal. */
  daemonLog(): string {
    const file = join(this.pm2Home, 'pm2.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  until<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 30_000): Promise<T> {
    return waitUntil(what, check, timeoutMs);
  }

  async close(): Promise<void> {
    await this.inspector.disconnect().catch(() => undefined);
    // `pm2 kill`: the daemon stops every process it runs (database, mother, clones) and exits.
    await new Promise<void>((resolve) => {
      const kill = spawn(PM2_BIN, ['kill'], { cwd: REPO, env: this.shellEnv(), stdio: 'ignore' });
      kill.on('exit', () => resolve());
      kill.on('error', () => resolve());
    });
    await this.inspector.shutdownDaemon().catch(() => undefined);
    await this.sandbox.stop();
    if (!process.env.HARNESS_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonPidOf, isAlive, leftovers, REPO } from './launcherProcess';
import type { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { Pm2Client, type Pm2Process } from '../src/cloneManager/pm2Client';

const MOTHER = join(REPO, 'apps/mother-bot/dist/main.js');

/**
 * The settings of a test platform's mother processes: the sandbox as Telegram, the test database,
 * fast reconcile passes and beats, a short kill timeout, no host alerts (the test machine is
 * busy). `overrides` win.
 */
export function testPlatformEnv(
  platform: { apiRoot: string; motherToken: string; masterKey: string; mongoUri: string; dbName: string; adminId: number },
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    BOT_TOKEN: platform.motherToken,
    TELEGRAM_API_ROOT: platform.apiRoot,
    MASTER_KEY: platform.masterKey,
    MONGODB_URI: platform.mongoUri,
    DATABASE_NAME: platform.dbName,
    ADMIN_IDS: String(platform.adminId),
    HTTP_PORT: '0',
    RECONCILE_INTERVAL_MS: '500',
    HEARTBEAT_INTERVAL_MS: '1000',
    CLONE_KILL_TIMEOUT_MS: '3000',
    ALERT_CPU_LOAD_PERCENT: '100000',
    ALERT_MEMORY_PERCENT: '100',
    ALERT_DISK_FREE_PERCENT: '0',
    ...overrides,
  };
}

/** One host of several: the real mother process in host role (HOST_ID), with its own PM2 daemon. */
export class HostProcess {
  readonly dir: string;
  readonly pm2Home: string;
  child?: ChildProcess;
  output = '';

  constructor(
    readonly hostId: string,
    private readonly env: Record<string, string>,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `host-${hostId}-`));
    this.pm2Home = join(this.dir, 'pm2');
  }

  start(extraEnv: Record<string, string> = {}): void {
    this.child = spawn(process.execPath, [MOTHER], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PM2_HOME: this.pm2Home, DATA_DIR: join(this.dir, 'data'), LOG_DIR: join(this.dir, 'logs'), HOST_ID: this.hostId, LOG_OUTPUT: 'stdout', ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** kill -9 of the mother and its PM2 daemon together: the host is gone (its workers follow their daemon). */
  crash(): void {
    const daemon = daemonPidOf(this.pm2Home);
    if (this.child?.pid && isAlive(this.child.pid)) process.kill(this.child.pid, 'SIGKILL');
    if (daemon) process.kill(daemon, 'SIGKILL');
  }

  /** This host's clone workers as its PM2 daemon lists them (PM2 needs no database for that). */
  async workers(): Promise<Pm2Process[]> {
    if (!daemonPidOf(this.pm2Home)) return [];
    const pm2 = new Pm2Client(this.pm2Home);
    await pm2.connect();
    try {
      return (await pm2.list()).filter((p) => p.name.startsWith('clone-'));
    } finally {
      await pm2.disconnect();
    }
  }

  /** Stops the mother (SIGTERM), then its daemon and workers, and removes the host's folder. */
  async stop(): Promise<void> {
    if (this.child?.pid && isAlive(this.child.pid)) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
    }
    // Connecting to a dead daemon's home would spawn a new one: only a live daemon is shut down.
    if (daemonPidOf(this.pm2Home)) {
      const pm2 = new Pm2Client(this.pm2Home);
      await pm2.connect().then(() => pm2.shutdownDaemon()).catch(() => undefined);
      await pm2.disconnect().catch(() => undefined);
    }
    await leftovers(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `npm run hosts [args]` against the platform's database, as an operator runs it. */
export function hostsCli(env: Record<string, string>, ...args: string[]): string {
  return execFileSync(process.execPath, [join(REPO, 'apps/mother-bot/dist/ops/opsCli.js'), 'hosts', ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

/** Whether `botId` answers a fresh `/start` from `userId` within `timeoutMs`. */
export async function answersStart(sandbox: TelegramSandbox, userId: number, botId: number, timeoutMs = 5_000): Promise<boolean> {
  const after = sandbox.cursor();
  await sandbox.sendText(userId, botId, '/start');
  return sandbox
    .waitForBotMessage({ chatId: userId, botRef: botId, after, timeoutMs })
    .then(() => true)
    .catch(() => false);
}

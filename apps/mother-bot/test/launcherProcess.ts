import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client } from '../src/cloneManager/pm2Client';

export const REPO = join(__dirname, '..', '..', '..');
/** The compiled launcher; LAUNCHER_UNDER_TEST runs these tests against another build (an older commit's, to see them fail). */
export const LAUNCHER = process.env.LAUNCHER_UNDER_TEST ?? join(REPO, 'apps/mother-bot/dist/launcher/devLauncher.js');

/** Every process whose command line mentions `marker` (a test's private folder), except ps itself. */
export function processesMentioning(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'])
    .toString()
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pid of the PM2 daemon of `home`, if one runs (its pid file names a live process). */
export function daemonPidOf(home: string): number | undefined {
  const file = join(home, 'pm2.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

/**
 * Waits until nothing of a test's folder runs any more (FerretDB and its wrapper, the PM2
 * daemon, the launcher's watchdog all name the folder in their command line), and returns
 * what is left if the time runs out.
 */
export async function leftovers(dir: string, timeoutMs = 20_000): Promise<string[]> {
  await waitUntil(`no process of ${dir}`, () => processesMentioning(dir).length === 0, timeoutMs).catch(() => undefined);
  return processesMentioning(dir);
}

/** The dev launcher (`npm start` without the build) as a child in its own process group, as a shell starts a foreground job. */
export class LauncherProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private text = '';

  constructor(
    readonly dir: string,
    env: Record<string, string> = {},
    command: string[] = [process.execPath, LAUNCHER],
  ) {
    this.child = spawn(command[0]!, command.slice(1), {
      cwd: dir,
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        DATA_DIR: join(dir, 'data'),
        LOG_DIR: join(dir, 'logs'),
        SANDBOX_PORT: '0',
        EMBEDDED_DB_PORT: '0',
        HTTP_PORT: '0',
        ADMIN_IDS: '4242',
        RECONCILE_INTERVAL_MS: '500',
        HEARTBEAT_INTERVAL_MS: '500',
        // Host alerts a busy test machine would trip: noise in the output.
        ALERT_CPU_LOAD_PERCENT: '100000',
        ALERT_MEMORY_PERCENT: '100',
        ALERT_DISK_FREE_PERCENT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.text += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.text += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.text;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for `text` in the output; throws with the output if the launcher exits or the time runs out first. */
  async waitFor(text: string, timeoutMs = 60_000): Promise<void> {
    await waitUntil(`"${text}" from the launcher`, () => this.output.includes(text) || !this.running, timeoutMs).catch(() => undefined);
    if (!this.output.includes(text)) throw new Error(`no "${text}" from the launcher:\n${this.output}`);
  }

  /** The sandbox's port, from the launcher's first line. */
  get sandboxPort(): number {
    const port = /Telegram sandbox: open http:\/\/127\.0\.0\.1:(\d+)\//.exec(this.output)?.[1];
    if (!port) throw new Error(`no sandbox address in:\n${this.output}`);
    return Number(port);
  }

  /** What a terminal's Ctrl-C does: SIGINT to every process of the foreground group. */
  ctrlC(): void {
    this.signalGroup('SIGINT');
  }

  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is gone
    }
  }

  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(this.pid, signal);
    } catch {
      // gone
    }
  }

  /** Ends the launcher if a test left it running (SIGKILL: its watchdogs clean up behind it). */
  async kill(): Promise<void> {
    if (this.running) this.signalGroup('SIGKILL');
    await this.exited;
  }
}

/** The sandbox's control API of a running launcher. */
export async function sandboxApi<T = any>(port: number, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as { ok: boolean; result: T; error?: string };
  if (!json.ok) throw new Error(`${path}: ${json.error}`);
  return json.result;
}

/** Creates a clone through the mother bot as user `ownerId` would, and waits until it answers /start. */
export async function createAnsweringClone(port: number, ownerId: number, username: string): Promise<{ username: string; token: string }> {
  const bot = await sandboxApi<{ username: string; token: string }>(port, 'POST', 'bots', { username });
  await sandboxApi(port, 'POST', 'messages', { userId: ownerId, bot: 'mother_bot', text: '/new' });
  await sandboxApi(port, 'GET', `wait?chatId=${ownerId}&bot=mother_bot&timeoutMs=10000&textIncludes=token`);
  await sandboxApi(port, 'POST', 'messages', { userId: ownerId, bot: 'mother_bot', text: bot.token });
  await sandboxApi(port, 'GET', `wait?chatId=${ownerId}&bot=mother_bot&timeoutMs=30000&textIncludes=${encodeURIComponent('is live')}`);
  await sandboxApi(port, 'POST', 'messages', { userId: ownerId, bot: bot.username, text: '/start' });
  await sandboxApi(port, 'GET', `wait?chatId=${ownerId}&bot=${bot.username}&timeoutMs=10000&textIncludes=Hello`);
  return bot;
}

/** Pids of the clone workers the PM2 daemon of `pm2Home` runs. */
export async function workerPids(pm2Home: string): Promise<number[]> {
  const inspector = new Pm2Client(pm2Home);
  await inspector.connect();
  try {
    return (await inspector.list()).filter((p) => p.name.startsWith('clone-')).map((p) => p.pid);
  } finally {
    await inspector.disconnect();
  }
}

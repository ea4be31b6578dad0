import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '@motherbot/core';
import { Pm2Client } from '../src/cloneManager/pm2Client';

const repo = join(__dirname, '..', '..', '..');

/** Every process whose command line mentions `marker`, except ps itself. */
const processesMentioning = (marker: string): string[] =>
  execFileSync('ps', ['-eo', 'pid,args'])
    .toString()
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'));

/**
 * The newcomer's `npm start`: the compiled launcher comes up on the embedded database and the
 * sandbox, a user creates a clone through the sandbox's HTTP control API, and SIGTERM leaves
 * no process behind (database, PM2 daemon, clone worker).
 */
describe('npm start (dev launcher)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devlaunch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts everything, runs a clone, and stops it all on SIGTERM', async () => {
    const [sandboxPort, dbPort] = [await findFreePort(), await findFreePort()];
    const child = spawn(process.execPath, [join(repo, 'apps/mother-bot/dist/launcher/devLauncher.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        DATA_DIR: join(dir, 'data'),
        LOG_DIR: join(dir, 'logs'),
        SANDBOX_PORT: String(sandboxPort),
        EMBEDDED_DB_PORT: String(dbPort),
        ADMIN_IDS: '4242',
        RECONCILE_INTERVAL_MS: '500',
        HEARTBEAT_INTERVAL_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let workerPids: number[] = [];
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 45_000;
      while (!output.includes('ready.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`http://127.0.0.1:${sandboxPort}`);
      expect(output).toContain('ready.');

      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`http://127.0.0.1:${sandboxPort}/_sandbox/${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body ? JSON.stringify(body) : undefined,
        });
        const json = (await res.json()) as { ok: boolean; result: any; error?: string };
        if (!json.ok) throw new Error(`${path}: ${json.error}`);
        return json.result;
      };
      const bot = await api('POST', 'bots', { username: 'newcomer_files_bot' });
      await api('POST', 'messages', { userId: 4242, bot: 'mother_bot', text: '/new' });
      await api('GET', 'wait?chatId=4242&bot=mother_bot&timeoutMs=10000&textIncludes=token');
      await api('POST', 'messages', { userId: 4242, bot: 'mother_bot', text: bot.token });
      await api('GET', `wait?chatId=4242&bot=mother_bot&timeoutMs=30000&textIncludes=${encodeURIComponent('is live')}`);
      await api('POST', 'messages', { userId: 4242, bot: bot.username, text: '/start' });
      const welcome = await api('GET', `wait?chatId=4242&bot=${bot.username}&timeoutMs=10000&textIncludes=Hello`);
      expect(welcome.text).toContain('Hello Admin');
      expect(processesMentioning(join(dir, 'data'))).not.toHaveLength(0);
      const inspector = new Pm2Client(join(dir, 'data', 'pm2'));
      await inspector.connect();
      workerPids = (await inspector.list()).filter((p) => p.name.startsWith('clone-')).map((p) => p.pid);
      await inspector.disconnect();
      expect(workerPids).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(0);
    }
    // Give the kernel a moment to reap; then nothing that belonged to this start may remain.
    for (let i = 0; i < 50 && processesMentioning(dir).length > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(processesMentioning(dir)).toEqual([]);
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(workerPids.filter(alive)).toEqual([]);
  }, 90_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, connectDatabase } from '@motherbot/core';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { MASTER_KEY } from './harness';
import { LauncherProcess, REPO, daemonPidOf, leftovers, processesMentioning } from './launcherProcess';

/** A small seeded generator (mulberry32): the same seed gives the same moments. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.SIGNAL_SEED ?? 20261129);
const ITERATIONS = Number(process.env.SIGNAL_ITERATIONS ?? 9);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Pm2HomeMode = 'unset' | 'fresh' | 'busy';

/**
 * `npm start` must leave nothing running after any signal at any moment: during start-up
 * (before handlers exist, while the database or the PM2 daemon is being started, during
 * migrations…) and during shutdown (a second signal while stopping), with a PM2_HOME exported
 * in the shell or not. The moments come from a seeded generator (SIGNAL_SEED, SIGNAL_ITERATIONS):
 * a failure names its seed and plan, and the same seed replays it.
 */
describe('npm start under signals', () => {
  const busyHome = mkdtempSync(join(tmpdir(), 'sig-busy-pm2-'));
  let busyDaemon: number | undefined;
  const dirs: string[] = [];
  const launchers: LauncherProcess[] = [];

  beforeAll(async () => {
    // An operator's PM2 that already runs, in the PM2_HOME the shell exports.
    const operator = new Pm2Client(busyHome);
    await operator.connect();
    await operator.disconnect();
    busyDaemon = daemonPidOf(busyHome);
  });

  afterAll(async () => {
    for (const launcher of launchers) await launcher.kill();
    await new Pm2Client(busyHome).shutdownDaemon();
    for (const dir of [busyHome, ...dirs]) rmSync(dir, { recursive: true, force: true });
  });

  const newDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  it(`leaves nothing running after signals at random moments (seed ${SEED})`, async () => {
    expect(busyDaemon).toBeDefined();
    const random = seededRandom(SEED);
    const modes: Pm2HomeMode[] = ['unset', 'fresh', 'busy'];
    for (let i = 0; i < ITERATIONS; i += 1) {
      const mode = modes[i % modes.length]!;
      const inShutdown = random() < 0.4;
      const delayMs = Math.floor(random() * 2500);
      const groupSigint = random() < 0.5;
      const twice = inShutdown || random() < 0.4;
      const secondAfterMs = Math.floor(random() * 400);
      const plan = `seed ${SEED} #${i}: PM2_HOME ${mode}, ${groupSigint ? 'SIGINT to the group' : 'SIGTERM'}${twice ? ` twice (${secondAfterMs} ms apart)` : ''} ${inShutdown ? `${delayMs} ms after ready` : `${delayMs} ms after spawn`}`;

      const dir = newDir('sig-run-');
      const freshHome = newDir('sig-fresh-pm2-');
      const env: Record<string, string> = mode === 'unset' ? {} : { PM2_HOME: mode === 'fresh' ? freshHome : busyHome };
      const launcher = new LauncherProcess(dir, env);
      launchers.push(launcher);
      const send = (): void => (groupSigint ? launcher.ctrlC() : launcher.signal('SIGTERM'));
      if (inShutdown) await launcher.waitFor('ready.');
      await sleep(delayMs);
      send();
      if (twice) {
        await sleep(secondAfterMs);
        send();
      }
      const exit = await launcher.exited;

      const left = await leftovers(dir);
      expect({ plan, left, output: left.length ? launcher.output : '' }).toEqual({ plan, left: [], output: '' });
      // A stop is not a failure: no start-up step reports one.
      expect({ plan, failure: /start-up step "[^"]+" failed.*/.exec(launcher.output)?.[0] }).toEqual({ plan, failure: undefined });
      // Exit codes: 0 for an orderly stop, 1 when a second signal cut it short; a signal's own
      // code only when it came before the handlers (nothing had started then).
      expect({ plan, exited: exit.code === 0 || exit.code === 1 || exit.signal !== null }).toEqual({ plan, exited: true });
      if (mode === 'fresh') expect({ plan, fresh: processesMentioning(freshHome), pid: daemonPidOf(freshHome) }).toEqual({ plan, fresh: [], pid: undefined });
      // The operator's daemon is not ours to stop.
      expect({ plan, busy: daemonPidOf(busyHome) }).toEqual({ plan, busy: busyDaemon });
    }
  }, 600_000);

  it('Ctrl-C (SIGINT to the process group) stops the mother before the database: its lease is released', async () => {
    const dir = newDir('sig-lease-');
    const launcher = new LauncherProcess(dir);
    launchers.push(launcher);
    await launcher.waitFor('ready.');
    const port = Number(/embedded database \(FerretDB\) on 127\.0\.0\.1:(\d+)/.exec(launcher.output)?.[1]);
    const readLease = async (uri: string) => {
      const db = await connectDatabase(uri, { dbName: 'motherbot', maxPoolSize: 1 });
      try {
        return await db.collection('leases').findOne({ _id: 'clone-manager' as never });
      } finally {
        await db.close();
      }
    };
    expect(await readLease(`mongodb://127.0.0.1:${port}/`)).toMatchObject({ _id: 'clone-manager' });

    launcher.ctrlC();
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
    expect(await leftovers(dir)).toEqual([]);

    // The same data, read by a database of our own: the mother gave the lease up before FerretDB stopped.
    const database = new EmbeddedDatabase({ dataDir: join(dir, 'data', 'db') });
    try {
      expect(await readLease(await database.start())).toBeNull();
    } finally {
      await database.stop();
    }
  }, 120_000);

  it(`the mother as PM2 runs it (main.js) stops in order after signals at random moments of its start (seed ${SEED})`, async () => {
    const sandbox = new TelegramSandbox({ flood: { enabled: false } });
    await sandbox.start({ port: 0 });
    const pm2Home = newDir('sig-main-pm2-');
    try {
      const random = seededRandom(SEED + 1);
      for (let i = 0; i < Math.max(2, Math.ceil(ITERATIONS / 2)); i += 1) {
        const delayMs = Math.floor(random() * 3000);
        const signal: NodeJS.Signals = random() < 0.5 ? 'SIGINT' : 'SIGTERM';
        const twice = random() < 0.3;
        const plan = `seed ${SEED + 1} #${i}: ${signal}${twice ? ' twice' : ''} ${delayMs} ms after spawn`;
        const bot = sandbox.createBot({ username: `mother_sig_${i}_bot`, canManageBots: true });
        const dir = newDir('sig-main-');
        const mother = new LauncherProcess(
          dir,
          {
            BOT_TOKEN: bot.token,
            TELEGRAM_API_ROOT: sandbox.apiRoot,
            MONGODB_URI: testMongoUri(),
            DATABASE_NAME: uniqueDbName('sigmain'),
            MASTER_KEY,
            PM2_HOME: pm2Home,
          },
          [process.execPath, join(REPO, 'apps/mother-bot/dist/main.js')],
        );
        launchers.push(mother);
        await sleep(delayMs);
        mother.signal(signal);
        if (twice) {
          await sleep(100);
          mother.signal(signal);
        }
        const exit = await mother.exited;
        // Stopped in order (or at once on a second signal), never by the 20 s deadline, and a stop is not a failure.
        expect({ plan, deadline: mother.output.includes('did not finish within') }).toEqual({ plan, deadline: false });
        expect({ plan, failure: /start-up step "[^"]+" failed.*/.exec(mother.output)?.[0] }).toEqual({ plan, failure: undefined });
        expect({ plan, exited: exit.code === 0 || exit.code === 1 || exit.signal !== null }).toEqual({ plan, exited: true });
      }
    } finally {
      // The daemon a mother started by hand keeps the clones it runs (the next mother adopts them): not the mother's to stop.
      await new Pm2Client(pm2Home).shutdownDaemon();
      await sandbox.stop();
    }
  }, 300_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, connectDatabase } from '@motherbot/core';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { LauncherProcess, daemonPidOf, leftovers, processesMentioning } from './launcherProcess';

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
const ITERATIONS = Number(process.env.SIGNAL_ITERATIONS ?? 6);
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
});

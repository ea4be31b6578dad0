import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { MotherRuntime } from '../src/runtime/motherRuntime';
import { StartupStepError } from '../src/runtime/startupSteps';
import { LauncherProcess, leftovers } from './launcherProcess';
import { MASTER_KEY } from './harness';

/**
 * A start-up step that cannot complete fails within its deadline with one line naming the
 * step and what to check, and the start ends cleanly (non-zero exit, nothing left running)
 * instead of hanging in silence.
 */
describe('start-up deadlines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deadline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a Telegram API root that never answers fails the "telegram" step with its reason', async () => {
    // Accepts connections and never answers: the worst kind of dead network.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const apiRoot = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const pm2Home = join(dir, 'pm2');
    const config = loadConfig({
      envFile: null,
      env: {
        NODE_ENV: 'test',
        BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        TELEGRAM_API_ROOT: apiRoot,
        MASTER_KEY,
        DATA_DIR: join(dir, 'data'),
        DATABASE_NAME: uniqueDbName('deadline'),
        HTTP_PORT: '0',
      },
    });
    const logger = createLogger({ label: 'mother' });
    const runtime = new MotherRuntime({ config, logger, mongoUri: testMongoUri(), pm2Home, stepDeadlinesMs: { telegram: 1500 } });
    try {
      const failure = await runtime.start().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StartupStepError);
      expect((failure as StartupStepError).step).toBe('telegram');
      expect((failure as Error).message).toBe(
        `start-up step "telegram" failed: no result within 1.5 s. Check: that TELEGRAM_API_ROOT (${apiRoot}) answers from this host (network, proxy, firewall)`,
      );
    } finally {
      await runtime.stop();
      await new Pm2Client(pm2Home).shutdownDaemon();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 60_000);

  it('a database that is not there fails the "database" step with the last error it saw', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const config = loadConfig({
      envFile: null,
      env: { NODE_ENV: 'test', BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', MASTER_KEY, DATA_DIR: join(dir, 'data'), HTTP_PORT: '0' },
    });
    const runtime = new MotherRuntime({
      config,
      logger: createLogger({ label: 'mother' }),
      mongoUri: `mongodb://127.0.0.1:${port}/`,
      pm2Home: join(dir, 'pm2-unused'),
      // One attempt fails after the driver's 5 s server selection; the deadline comes after it.
      stepDeadlinesMs: { database: 8000 },
    });
    try {
      const failure = await runtime.start().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StartupStepError);
      expect((failure as Error).message).toMatch(/^start-up step "database" failed: no result within 8 s \(last: .*ECONNREFUSED.*\)\. Check: that the database runs and MONGODB_URI points at it/);
    } finally {
      await runtime.stop();
    }
  }, 60_000);

  it('npm start with a PM2 home it cannot use exits 1 with one line naming the "pm2" step, and leaves nothing running', async () => {
    const runDir = join(dir, 'launcher');
    mkdirSync(join(runDir, 'data'), { recursive: true });
    // DATA_DIR/pm2 is a file: no folder can be made there (not even by root).
    writeFileSync(join(runDir, 'data', 'pm2'), '');
    const launcher = new LauncherProcess(runDir);
    try {
      const exit = await launcher.exited;
      expect(exit.code).toBe(1);
      const lines = launcher.output.split('\n').filter((line) => line.includes('failed'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`start-up step "pm2" failed: PM2 connect failed: PM2 home ${join(runDir, 'data', 'pm2')} is not a writable folder (EEXIST). Check: that the PM2 home`);
      expect(launcher.output).toContain('stopped: nothing left running');
      expect(await leftovers(runDir)).toEqual([]);
    } finally {
      await launcher.kill();
    }
  }, 60_000);
});

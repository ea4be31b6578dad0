import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';
import winston from 'winston';
import {
  EmbeddedDatabase,
  alertModel,
  createLogger,
  closeLogger,
  findFreePort,
  loadConfig,
  platformModels,
  ensurePlatformIndexes,
  type AppConfig,
  type Logger,
  type PlatformModels,
} from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { EventEmitter } from 'node:events';
import { Monitoring, type MonitoringOptions, type ReconcileSource } from '../src/monitoring/monitoring';
import { motherTexts } from '../src/i18n/texts';
import type { ReconcileReport } from '../src/cloneManager/cloneManager';

const MIN = 60_000;
const BEAT = 15_000;

/** A watcher's world: its own database, a clock the test moves, and the admins' inbox. */
class WatchBench {
  now = new Date(Date.UTC(2030, 0, 1, 12));
  readonly sent: Array<{ chatId: number; html: string }> = [];
  readonly logLines: string[] = [];
  readonly logger: Logger;
  readonly config: AppConfig & Record<string, unknown>;

  constructor(
    readonly connection: Connection,
    readonly models: PlatformModels,
    dir: string,
    env: Record<string, string> = {},
  ) {
    this.config = {
      ...loadConfig({
        envFile: null,
        env: {
          NODE_ENV: 'test',
          ADMIN_IDS: '501,502',
          DATA_DIR: join(dir, 'data'),
          LOG_DIR: join(dir, 'logs'),
          HEARTBEAT_INTERVAL_MS: String(BEAT),
          CLONE_MAX_MEMORY_MB: '100',
          ALERT_COOLDOWN_MIN: '30',
          // Quiet system watchers unless a test lowers a threshold on purpose.
          ALERT_CPU_LOAD_PERCENT: '100000',
          ALERT_MEMORY_PERCENT: '100',
          ALERT_DISK_FREE_PERCENT: '0',
          ALERT_DB_SLOW_MS: '60000',
          ...env,
        },
      }),
    };
    this.logger = createLogger({ label: 'watch-test' });
    const sink = new Writable({ objectMode: true, write: (line: unknown, _enc, done) => (this.logLines.push(JSON.stringify(line)), done()) });
    this.logger.add(new winston.transports.Stream({ stream: sink, format: winston.format.json() }));
  }

  monitoring(manager?: ReconcileSource, textsFor?: MonitoringOptions['textsFor']): Monitoring {
    return new Monitoring({
      manager,
      textsFor,
      config: this.config,
      logger: this.logger,
      connection: this.connection,
      models: this.models,
      send: async (chatId, html) => this.sent.push({ chatId, html }),
      pm2Reach: async () => [],
      botPolling: () => true,
      clock: () => this.now,
      defaultMetrics: false,
    });
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** Texts sent since `from` to the first admin (every notice goes to every admin). */
  inbox(from = 0): string[] {
    return this.sent.slice(from).filter((m) => m.chatId === 501).map((m) => m.html);
  }
}

const clone = (id: string, over: Record<string, unknown> = {}) => ({
  _id: id,
  ownerId: 77,
  botId: Number.parseInt(id.slice(0, 8), 16),
  botUsername: `bot_${id.slice(0, 4)}`,
  source: 'token' as const,
  status: 'running' as const,
  ...over,
});

describe('watchers and alerts', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let bench: WatchBench;
  let monitoring: Monitoring;
  const dir = mkdtempSync(join(tmpdir(), 'watchers-'));

  beforeAll(async () => {
    db = await openTestDatabase('watch');
    models = platformModels(db.connection);
    await ensurePlatformIndexes(models);
    bench = new WatchBench(db.connection, models, dir);
    monitoring = bench.monitoring();
    await monitoring.ensureIndexes();
  });
  afterAll(async () => {
    await closeLogger(bench.logger);
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("clones: nothing is judged stale before the manager's first pass after a mother start", async () => {
    const id = 'b0b0b0b0b0b0';
    // Left 'running' by the last mother, its worker gone: the new mother has not restarted it yet.
    await models.Clone.create(clone(id));
    await models.Heartbeat.create({ _id: id, at: new Date(bench.now.getTime() - 40 * MIN), pid: 1, startedAt: bench.now, updates: 0, errorCount: 0, memoryBytes: 10 * 2 ** 20 });
    const manager = Object.assign(new EventEmitter(), { lastReport: undefined as ReconcileReport | undefined });
    const fresh = bench.monitoring(manager);
    const from = bench.sent.length;
    await fresh.watch();
    expect(bench.inbox(from).filter((m) => m.includes(id))).toEqual([]);
    // After the pass the state is this mother's own: a worker that still does not beat is stale.
    manager.lastReport = { leaseHeld: true } as unknown as ReconcileReport;
    await fresh.watch();
    expect(bench.inbox(from).filter((m) => m.includes(`clone.stale:${id}`))).toHaveLength(1);
    await models.Clone.deleteOne({ _id: id });
    await models.Heartbeat.deleteOne({ _id: id });
    await fresh.watch();
  });

  it('clones: a stale heartbeat fires after three missed beats and recovers with the next beat', async () => {
    const id = 'a1a1a1a1a1a1';
    await models.Clone.create(clone(id));
    await models.Heartbeat.create({ _id: id, at: bench.now, pid: 1, startedAt: bench.now, updates: 5, errorCount: 0, memoryBytes: 10 * 2 ** 20 });
    const from = bench.sent.length;
    await monitoring.watch();
    expect(bench.inbox(from)).toEqual([]);
    bench.advance(3 * BEAT + 1000);
    await monitoring.watch();
    expect(bench.inbox(from)).toHaveLength(1);
    expect(bench.inbox(from)[0]).toMatch(/🟠 <b>WARNING<\/b> · <code>clone\.stale:a1a1a1a1a1a1<\/code>\nClone a1a1a1a1a1a1 \(@bot_a1a1\): no heartbeat for 46 s/);
    expect(bench.sent.filter((m) => m.chatId === 502)).toHaveLength(bench.sent.filter((m) => m.chatId === 501).length);
    bench.advance(BEAT);
    await monitoring.watch();
    expect(bench.inbox(from)).toHaveLength(1); // still stale: not repeated
    await models.Heartbeat.updateOne({ _id: id }, { $set: { at: bench.now } });
    await monitoring.watch();
    expect(bench.inbox(from)).toHaveLength(2);
    expect(bench.inbox(from)[1]).toContain('✅ <b>RECOVERED</b> · <code>clone.stale:a1a1a1a1a1a1</code>');
    expect(bench.logLines.some((l) => l.includes('alert firing: clone.stale:a1a1a1a1a1a1'))).toBe(true);
    expect(bench.logLines.some((l) => l.includes('alert recovered: clone.stale:a1a1a1a1a1a1'))).toBe(true);
  });

  it('clones: memory near the cap, crash loop and a rejected token fire, and recover', async () => {
    const id = 'a1a1a1a1a1a1';
    const from = bench.sent.length;
    await models.Heartbeat.updateOne({ _id: id }, { $set: { at: bench.now, memoryBytes: 95 * 2 ** 20 } });
    await monitoring.watch();
    expect(bench.inbox(from)).toEqual([expect.stringContaining('clone.memory:a1a1a1a1a1a1</code>\nClone a1a1a1a1a1a1 (@bot_a1a1) uses 95 MB of its 100 MB cap')]);
    await models.Heartbeat.updateOne({ _id: id }, { $set: { memoryBytes: 40 * 2 ** 20 } });
    await monitoring.watch();
    expect(bench.inbox(from)[1]).toContain('RECOVERED</b> · <code>clone.memory:a1a1a1a1a1a1');

    const loop = 'b2b2b2b2b2b2';
    const token = 'c3c3c3c3c3c3';
    await models.Clone.create(clone(loop, { status: 'crash_loop' }));
    await models.Clone.create(clone(token, { status: 'token_invalid', tokenProblem: 'revoked' }));
    const mid = bench.sent.length;
    await monitoring.watch();
    const fired = bench.inbox(mid).join('\n');
    expect(fired).toContain('🔴 <b>CRITICAL</b> · <code>clone.crashLoop:b2b2b2b2b2b2</code>');
    expect(fired).toContain('<code>clone.tokenInvalid:c3c3c3c3c3c3</code>\nClone c3c3c3c3c3c3 (@bot_c3c3) is stopped: Telegram rejected its token');
    bench.advance(31 * MIN);
    await models.Heartbeat.updateOne({ _id: id }, { $set: { at: bench.now } });
    await monitoring.watch();
    expect(bench.inbox(mid)).toHaveLength(2); // a crash loop is not repeated: the clone stays stopped until someone acts
    await models.Clone.updateOne({ _id: loop }, { $set: { status: 'stopped' } });
    await models.Clone.updateOne({ _id: token }, { $set: { deletedAt: bench.now } });
    await monitoring.watch();
    expect(bench.inbox(mid).slice(2).sort()).toEqual([
      expect.stringContaining('RECOVERED</b> · <code>clone.crashLoop:b2b2b2b2b2b2'),
      expect.stringContaining('RECOVERED</b> · <code>clone.tokenInvalid:c3c3c3c3c3c3'),
    ]);
  });

  it('subscriptions: expiring (info), then expired (escalated), then renewed (recovered)', async () => {
    const id = 'a1a1a1a1a1a1';
    await models.Subscription.create({ _id: id, ownerId: 77, expiresAt: new Date(bench.now.getTime() + 2 * 3_600_000), isTrial: true });
    const from = bench.sent.length;
    await monitoring.watch();
    expect(bench.inbox(from)).toEqual([expect.stringMatching(/🔵 <b>INFO<\/b> · <code>subscription\.a1a1a1a1a1a1<\/code>\nSubscription of clone .* ends in 2 h \(trial\)/)]);
    bench.advance(3 * 3_600_000);
    await models.Heartbeat.updateOne({ _id: id }, { $set: { at: bench.now } });
    await monitoring.watch();
    expect(bench.inbox(from)[1]).toMatch(/🟠 <b>WARNING<\/b> · <code>subscription\.a1a1a1a1a1a1<\/code>\nSubscription of clone .* expired on .*the clone is stopped until it is renewed/);
    await monitoring.watch();
    expect(bench.inbox(from)).toHaveLength(2);
    await models.Subscription.updateOne({ _id: id }, { $set: { expiresAt: new Date(bench.now.getTime() + 30 * 86_400_000), isTrial: false } });
    await monitoring.watch();
    expect(bench.inbox(from)[2]).toContain('RECOVERED</b> · <code>subscription.a1a1a1a1a1a1');
  });

  it('system: low disk, high memory and CPU load fire against their thresholds and recover', async () => {
    const from = bench.sent.length;
    Object.assign(bench.config, { alertDiskFreePercent: 100, alertMemoryPercent: 1, alertCpuLoadPercent: 1 });
    // A load of 0.01 per CPU is possible on an idle machine; the CPU check is asserted only when it fired.
    await monitoring.watch();
    const fired = bench.inbox(from).join('\n');
    expect(fired).toContain('🔴 <b>CRITICAL</b> · <code>system.disk:data</code>\nLow disk space for data');
    expect(fired).toContain('<code>system.disk:logs</code>');
    expect(fired).toContain('<code>system.memory</code>\nHost memory nearly full');
    const cpuFired = fired.includes('system.cpu');
    Object.assign(bench.config, { alertDiskFreePercent: 0, alertMemoryPercent: 100, alertCpuLoadPercent: 100000 });
    const mid = bench.sent.length;
    await monitoring.watch();
    const recovered = bench.inbox(mid).join('\n');
    for (const key of ['system.disk:data', 'system.disk:logs', 'system.memory', ...(cpuFired ? ['system.cpu'] : [])]) {
      expect(recovered).toContain(`RECOVERED</b> · <code>${key}</code>`);
    }
  });

  it('database: slow pings fire and recover', async () => {
    const from = bench.sent.length;
    Object.assign(bench.config, { alertDbSlowMs: 0 });
    await monitoring.watch();
    expect(bench.inbox(from)).toEqual([expect.stringContaining('<code>database.slow</code>\nThe database is slow: ping')]);
    Object.assign(bench.config, { alertDbSlowMs: 60_000 });
    await monitoring.watch();
    expect(bench.inbox(from)[1]).toContain('RECOVERED</b> · <code>database.slow</code>');
  });

  it('announces each new kind of error once, from any process, also after a restart', async () => {
    const { recordError, errorRecordModel } = await import('@motherbot/core');
    const ErrorRecord = errorRecordModel(db.connection);
    const failure = () => Object.assign(new Error('no such chat'), { code: 'E_WORKER' }); // one place: this line
    await recordError(ErrorRecord, failure(), { process: 'clone:a1a1a1a1a1a1', cloneId: 'a1a1a1a1a1a1', updateType: 'message' }, bench.now);
    const from = bench.sent.length;
    await monitoring.watch();
    expect(bench.inbox(from)).toEqual([expect.stringMatching(/error\.new:.*New kind of error in clone:a1a1a1a1a1a1: E_WORKER at .*no such chat/s)]);
    await recordError(ErrorRecord, failure(), { process: 'clone:a1a1a1a1a1a1' }, bench.now);
    await monitoring.watch();
    await bench.monitoring().watch();
    expect(bench.inbox(from)).toHaveLength(1);
  });

  it('keeps alert state across a restart: nothing repeated, nothing forgotten', async () => {
    const id = 'd4d4d4d4d4d4';
    await models.Clone.create(clone(id));
    await models.Heartbeat.create({ _id: id, at: bench.now, pid: 2, startedAt: bench.now, updates: 0, errorCount: 0, memoryBytes: 0 });
    bench.advance(4 * BEAT);
    for (const other of ['a1a1a1a1a1a1']) await models.Heartbeat.updateOne({ _id: other }, { $set: { at: bench.now } });
    const from = bench.sent.length;
    await monitoring.watch();
    expect(bench.inbox(from)).toEqual([expect.stringContaining('<code>clone.stale:d4d4d4d4d4d4</code>')]);
    // The mother restarts while the clone is still stale: the new instance does not repeat it ...
    await monitoring.stop().catch(() => undefined);
    const restarted = bench.monitoring();
    bench.advance(BEAT);
    for (const other of ['a1a1a1a1a1a1']) await models.Heartbeat.updateOne({ _id: other }, { $set: { at: bench.now } });
    await restarted.watch();
    expect(bench.inbox(from)).toHaveLength(1);
    // ... and does not forget it: the recovery is announced by the new instance.
    await models.Heartbeat.updateOne({ _id: id }, { $set: { at: bench.now } });
    await restarted.watch();
    expect(bench.inbox(from)).toEqual([expect.stringContaining('clone.stale:d4d4d4d4d4d4'), expect.stringContaining('RECOVERED</b> · <code>clone.stale:d4d4d4d4d4d4')]);
    monitoring = restarted;
  });

  it("speaks each admin's language, also after a restart, and shows an alert stored without a text key as written", async () => {
    // 502 chose Spanish; 501 reads English.
    const textsFor = async (chatId: number) => motherTexts.forLocale(chatId === 502 ? 'es' : 'en');
    const id = 'e5e5e5e5e5e5';
    const old = 'f6f6f6f6f6f6';
    const to502 = (from: number) => bench.sent.slice(from).filter((m) => m.chatId === 502).map((m) => m.html);
    await models.Clone.create(clone(id, { status: 'crash_loop' }));
    const spanish = bench.monitoring(undefined, textsFor);
    const from = bench.sent.length;
    await spanish.watch();
    expect(bench.inbox(from)).toEqual([expect.stringContaining(`<code>clone.crashLoop:${id}</code>\nClone ${id} (@bot_e5e5) crash-looped and was stopped.`)]);
    expect(to502(from)).toEqual([`🔴 <b>CRÍTICA</b> · <code>clone.crashLoop:${id}</code>\nEl clon ${id} (@bot_e5e5) se reinició en bucle y se detuvo.`]);
    const stored = await alertModel(db.connection).findById(`clone.crashLoop:${id}`).lean();
    expect(stored).toMatchObject({ summary: `Clone ${id} (@bot_e5e5) crash-looped and was stopped.`, text: { key: 'alerts.crashLoop', params: { cloneId: id, bot: 'bot_e5e5' } } });

    // An alert recorded the old way: an English summary (with HTML-looking text), no key.
    await alertModel(db.connection).collection.insertOne({
      _id: `clone.stale:${old}` as never, state: 'firing', severity: 'warning', summary: `Clone ${old} (@bot_f6f6): no heartbeat for 99 s <old>`,
      since: bench.now, lastSeenAt: bench.now, lastSentAt: bench.now, notified: true, resolvedAt: null, episodes: 1, sent: 1, rev: 1,
    });
    // A restart in between: the new instance renders the stored keys in each admin's language.
    await spanish.stop().catch(() => undefined);
    const restarted = bench.monitoring(undefined, textsFor);
    await models.Clone.updateOne({ _id: id }, { $set: { status: 'stopped' } });
    const mid = bench.sent.length;
    await restarted.watch();
    const recovered = to502(mid).sort();
    expect(recovered).toEqual([
      expect.stringMatching(new RegExp(`^✅ <b>RECUPERADO</b> · <code>clone\\.crashLoop:${id}</code>\\nEl clon ${id} \\(@bot_e5e5\\) se reinició en bucle y se detuvo\\.\\ndesde `)),
      expect.stringContaining(`<code>clone.stale:${old}</code>\nClone ${old} (@bot_f6f6): no heartbeat for 99 s &lt;old&gt;\ndesde `),
    ]);
    await models.Clone.deleteOne({ _id: id });
  });
});

describe('database watcher with the database stopped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-db-'));
  let port: number;
  let database: EmbeddedDatabase;
  let connection: Connection;
  let bench: WatchBench;

  beforeAll(async () => {
    port = await findFreePort();
    database = new EmbeddedDatabase({ dataDir: join(dir, 'db'), port });
    const uri = await database.start();
    // Fast server monitoring, so the driver notices the database is back within a second.
    connection = await mongoose.createConnection(uri, { dbName: 'watchdb', serverSelectionTimeoutMS: 1000, heartbeatFrequencyMS: 500 }).asPromise();
    connection.on('error', () => undefined);
    const models = platformModels(connection);
    bench = new WatchBench(connection, models, dir);
  }, 60_000);
  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await database.stop();
    await closeLogger(bench.logger);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('alerts once when the database stops answering, and says it recovered when it is back', async () => {
    const monitoring = bench.monitoring();
    await monitoring.ensureIndexes();
    await monitoring.watch();
    expect(bench.inbox()).toEqual([]);

    await database.stop();
    await monitoring.watch();
    expect(bench.inbox()).toEqual([expect.stringContaining('🔴 <b>CRITICAL</b> · <code>database.unreachable</code>\nThe database does not answer')]);
    await monitoring.watch();
    expect(bench.inbox()).toHaveLength(1);
    expect((await monitoring.status()).alerts.map((a) => a._id)).toEqual(['database.unreachable']);
    const databaseCheck = async () => (await monitoring.readiness()).checks.find((c) => c.name === 'database')?.status;
    expect(await databaseCheck()).toBe('fail');

    database = new EmbeddedDatabase({ dataDir: join(dir, 'db'), port });
    await database.start();
    for (let i = 0; i < 60 && bench.inbox().length < 2; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      await monitoring.watch();
    }
    expect(bench.inbox()[1]).toContain('✅ <b>RECOVERED</b> · <code>database.unreachable</code>');
    expect(await databaseCheck()).toBe('ok');
  }, 60_000);
});

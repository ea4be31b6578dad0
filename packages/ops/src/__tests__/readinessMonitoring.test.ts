import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@test-support/database';
import { auditEventModel, cloneModel, DAY_MS, errorRecordModel, leaseModel, subscriptionModel, userModel, type AppConfig } from '@motherbot/core';
import { CHECKS, type HttpAnswer, type ProcessExit } from '../index';
import { emptySnapshot, testConfig, testInputs } from './readinessFixture';

const line = (at: Date, message: string): string => `${JSON.stringify({ label: 'mother', level: 'info', message, timestamp: at.toISOString() })}\n`;

describe('shutdown and monitoring checks look at the database, the logs and the status server', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: string;
  let config: AppConfig;
  const now = new Date();
  const ago = (ms: number): Date => new Date(now.getTime() - ms);

  beforeAll(async () => {
    db = await openTestDatabase('readymon');
    dir = mkdtempSync(join(tmpdir(), 'motherbot-readymon-'));
    config = testConfig(dir, db.dbName, { ADMIN_IDS: '111,222' });
    mkdirSync(join(dir, 'logs'), { recursive: true });
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const motherLog = (text: string): void => writeFileSync(join(dir, 'logs', 'mother-2030-01-01.log'), text);
  const run = (id: keyof typeof CHECKS, extra: Parameters<typeof testInputs>[2] = {}) =>
    CHECKS[id](testInputs(config, db.connection, { now, snapshot: emptySnapshot(join(dir, 'pm2')), ...extra }));

  describe('last-shutdown-clean', () => {
    afterEach(async () => {
      await leaseModel(db.connection).deleteMany({});
      motherLog('');
    });
    const exit = (code: number | null, signal: string): ProcessExit => ({ at: ago(60_000), name: 'motherbot', code, signal });

    it('fails with no shutdown on record', async () => {
      await expect(run('last-shutdown-clean')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('no shutdown of the mother on record') });
    });

    it('passes on a shutdown the logs show finished and whose lease was released', async () => {
      motherLog(line(ago(120_000), 'mother bot polling') + line(ago(60_000), 'SIGTERM received: shutting down') + line(ago(59_000), 'stopped: nothing left running'));
      const result = await run('last-shutdown-clean');
      expect(result).toMatchObject({ ok: true, detail: expect.stringContaining('the lease was released') });
      expect(result.detail).toContain('3 line(s) of the mother\'s logs');
    });

    it('fails when the lease of a stopped mother was left to expire (killed half-way, or its database went first)', async () => {
      motherLog(line(ago(120_000), 'SIGINT received: shutting down'));
      await leaseModel(db.connection).create({ _id: 'clone-manager', holder: '4242-abcd', until: ago(30_000) });
      await expect(run('last-shutdown-clean')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('lease of mother 4242-abcd expired') });
    });

    it('fails when the last shutdown hit its deadline or a second signal', async () => {
      motherLog(line(ago(120_000), 'SIGTERM received: shutting down') + line(ago(100_000), 'shutdown did not finish within 20000 ms: exiting'));
      await expect(run('last-shutdown-clean')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('did not finish cleanly: "shutdown did not finish') });
      motherLog(line(ago(120_000), 'SIGINT received: shutting down') + line(ago(119_000), 'SIGINT again while stopping: exiting now'));
      await expect(run('last-shutdown-clean')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('again while stopping') });
    });

    it('passes on a released lease after a mother that ran, when no log of its shutdown exists (npm start logs to its terminal)', async () => {
      await cloneModel(db.connection).create({ _id: 'eeeeeeeeeeee', ownerId: 5, botId: 10, botUsername: 'ebot', source: 'token', runtime: { observedAt: ago(300_000) } });
      try {
        await expect(run('last-shutdown-clean')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('released the lease when it stopped') });
        // A log file from an older run does not speak for the newer one.
        motherLog(line(ago(DAY_MS), 'SIGTERM received: shutting down') + line(ago(DAY_MS - 1000), 'shutdown failed'));
        const result = await run('last-shutdown-clean');
        expect(result).toMatchObject({ ok: true, detail: expect.stringContaining('released the lease when it stopped') });
        expect(result.detail).toContain('the newest shutdown in the log files');
      } finally {
        await cloneModel(db.connection).deleteOne({ _id: 'eeeeeeeeeeee' });
      }
    });

    it("reads PM2's record of the mother's exits: SIGKILL or a non-zero code fails, code 0 passes", async () => {
      const snapshot = (exits: ProcessExit[]) => emptySnapshot(join(dir, 'pm2'), { exits });
      await expect(run('last-shutdown-clean', { snapshot: snapshot([exit(0, 'SIGINT'), exit(null, 'SIGKILL')]) })).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('code none via SIGKILL') });
      await expect(run('last-shutdown-clean', { snapshot: snapshot([exit(1, 'SIGINT')]) })).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('code 1') });
      await leaseModel(db.connection).create({ _id: 'clone-manager', holder: 'new', until: new Date(now.getTime() + 30_000) });
      await expect(run('last-shutdown-clean', { snapshot: snapshot([exit(0, 'SIGINT')]) })).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('PM2 saw motherbot exit with code 0') });
    });
  });

  describe('resource-probes and watchers-running', () => {
    const probe = (name: string, status = 'ok') => ({ name, status, message: `${name} 40% (limit 90%)`, value: 0.4 });
    const status = (body: unknown): (() => Promise<HttpAnswer>) => async () => ({ status: 200, body: JSON.stringify(body) });
    const all = ['cpu', 'memory', 'disk:data', 'disk:logs'];

    it('passes only when the status report carries CPU, memory and disk probes with values and limits, none failing', async () => {
      await expect(run('resource-probes', { httpGet: status({ checks: all.map((n) => probe(n)) }) })).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('disk:logs ok') });
      await expect(run('resource-probes', { httpGet: status({ checks: [probe('database'), probe('pm2')] }) })).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('no cpu probe; no memory probe') });
      const full = await run('resource-probes', { httpGet: status({ checks: all.map((n) => probe(n, n === 'disk:data' ? 'fail' : 'ok')) }) });
      expect(full).toMatchObject({ ok: false, detail: expect.stringContaining('disk:data fails') });
      await expect(run('resource-probes')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('is the mother running?') });
    });

    it('fails when the watchers have not run recently or a threshold can never fire', async () => {
      const fresh = status({ samples: [{ t: ago(60_000).getTime() }] });
      await expect(run('watchers-running', { httpGet: fresh })).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('newest watch pass sample 1 min ago') });
      await expect(run('watchers-running', { httpGet: status({ samples: [{ t: ago(3_600_000).getTime() }] }) })).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('have not run recently') });
      const never = testConfig(dir, db.dbName, { ALERT_DISK_FREE_PERCENT: '0' });
      await expect(CHECKS['watchers-running'](testInputs(never, db.connection, { now, httpGet: fresh }))).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('ALERT_DISK_FREE_PERCENT=0 can never fire') });
    });
  });

  describe('admins-known and admin-actions', () => {
    afterEach(async () => {
      await userModel(db.connection).deleteMany({});
      await auditEventModel(db.connection).deleteMany({});
    });

    it('fails while an admin has never opened the mother bot or is banned; passes when all have', async () => {
      await userModel(db.connection).create({ _id: '111', firstName: 'Ann', username: 'ann' });
      await expect(run('admins-known')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('admin 222 has never opened the mother bot') });
      await userModel(db.connection).create({ _id: '222', firstName: 'Bob', banned: true });
      await expect(run('admins-known')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('admin 222 is banned') });
      await userModel(db.connection).updateOne({ _id: '222' }, { $set: { banned: false } });
      await expect(run('admins-known')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('111 (@ann) last seen') });
      const none = testConfig(dir, db.dbName);
      await expect(CHECKS['admins-known'](testInputs(none, db.connection))).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('ADMIN_IDS is empty') });
    });

    it('fails on an admin action in the audit log by someone not in ADMIN_IDS', async () => {
      const event = { actorRole: 'admin' as const, action: 'clone.suspend', targetType: 'clone' as const, targetId: 'x', at: ago(DAY_MS) };
      await auditEventModel(db.connection).create({ ...event, actorId: 111 });
      await expect(run('admin-actions')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('1 admin action in audit_events') });
      await auditEventModel(db.connection).create({ ...event, actorId: 999 });
      await expect(run('admin-actions')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('not in ADMIN_IDS: 999') });
    });
  });

  describe('alerts-delivered, error-alerts and reminders-sent', () => {
    it('fails when the mother logged an alert it could not deliver', async () => {
      motherLog(line(ago(DAY_MS), 'alert firing: disk:data'));
      await expect(run('alerts-delivered')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('1 alert notice(s), 0 not delivered') });
      motherLog(line(ago(DAY_MS), 'alert firing: disk:data') + line(ago(DAY_MS), 'alert not delivered'));
      await expect(run('alerts-delivered')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('1 alert(s) not delivered') });
      motherLog('');
    });

    it("reads the running mother's PM2 out file, and cannot vouch for a mother that logs to a terminal", async () => {
      await leaseModel(db.connection).create({ _id: 'clone-manager', holder: 'm', until: new Date(now.getTime() + 30_000) });
      try {
        motherLog(line(ago(DAY_MS), 'alert firing: disk:data'));
        await expect(run('alerts-delivered')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('logs to its terminal') });
        const out = join(dir, 'logs', 'motherbot-out.log');
        writeFileSync(out, line(ago(60_000), 'alert firing: system.cpu') + line(ago(60_000), 'alert not delivered'));
        const snapshot = emptySnapshot(join(dir, 'pm2'));
        snapshot.processes.push({ name: 'motherbot', namespace: 'default', pid: 1, status: 'online', env: {}, envSource: 'PM2 env', commandLine: [], logFiles: [out] });
        await expect(run('alerts-delivered', { snapshot })).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('motherbot-out.log') });
        rmSync(out);
      } finally {
        await leaseModel(db.connection).deleteMany({});
        motherLog('');
      }
    });

    it('fails on a kind of error recorded long ago that the admins were never told of', async () => {
      const records = errorRecordModel(db.connection);
      const record = { kind: 'TypeError', place: 'x.ts:1', count: 3, lastAt: now, lastMessage: 'boom', samples: [] };
      await records.create({ ...record, _id: 'e1', firstAt: ago(DAY_MS), alertedAt: ago(DAY_MS) });
      await expect(run('error-alerts')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('1 kind of error (3 occurrences), 1 announced') });
      await records.create({ ...record, _id: 'e2', firstAt: ago(DAY_MS), alertedAt: null });
      await expect(run('error-alerts')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('1 kind of error never announced (TypeError at x.ts:1)') });
      await records.deleteMany({});
    });

    it('fails on a reminder that came due long ago and was never sent', async () => {
      await cloneModel(db.connection).create({ _id: 'dddddddddddd', ownerId: 5, botId: 9, botUsername: 'dbot', source: 'token' });
      const subs = subscriptionModel(db.connection);
      await subs.create({ _id: 'dddddddddddd', ownerId: 5, expiresAt: new Date(now.getTime() + 2 * DAY_MS), remindersSent: [] });
      await expect(run('reminders-sent')).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('1 reminder due more than 10 min ago and not sent (clone(s) dddddddddddd)') });
      await subs.updateOne({ _id: 'dddddddddddd' }, { $set: { remindersSent: [3] } });
      await expect(run('reminders-sent')).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('1 reminder(s) recorded sent') });
    });
  });
});

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openTestDatabase } from '@test-support/database';
import { deriveCloneKey, sealToken, cloneTokenModel, type AppConfig } from '@motherbot/core';
import { CHECKS } from '../index';
import { TEST_MASTER_KEY, emptySnapshot, testConfig, testInputs, workerProcess } from './readinessFixture';

const CLONE_ID = 'abcdef012345';
const CLONE_TOKEN = `7000000001:${'C'.repeat(20)}clonesecret${'D'.repeat(4)}`;
const DB_PASSWORD = 'dbPassw0rdLongEnough';

describe('log checks read the real log files', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: string;
  let config: AppConfig;
  let logDir: string;
  let pm2Home: string;

  beforeAll(async () => {
    db = await openTestDatabase('readylogs');
    await cloneTokenModel(db.connection).create({ _id: CLONE_ID, sealed: sealToken(deriveCloneKey(TEST_MASTER_KEY, CLONE_ID), CLONE_ID, CLONE_TOKEN) });
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'motherbot-readylogs-'));
    config = testConfig(dir, db.dbName, { MONGODB_URI: `mongodb://motherbot:${DB_PASSWORD}@127.0.0.1:27017/?tls=true` });
    logDir = join(dir, 'logs');
    pm2Home = join(dir, 'pm2');
    mkdirSync(join(logDir, 'clones'), { recursive: true });
    writeFileSync(join(logDir, 'mother-2030-01-01.log'), '{"level":"info","message":"clone worker started","cloneId":"abcdef012345"}\n{"message":"token [REDACTED] rejected"}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('log-redaction', () => {
    it('passes when no secret is in any log file, and says which files and how many secrets it searched', async () => {
      const result = await CHECKS['log-redaction'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result.ok).toBe(true);
      expect(result.detail).toContain('scanned 1 file(s)');
      expect(result.detail).toContain('MASTER_KEY');
      expect(result.detail).toContain('the password in MONGODB_URI');
      expect(result.detail).toContain('1 × the bot token of a clone');
    });

    it("fails on a clone's decrypted token in a worker's log, naming file and line but never the token", async () => {
      writeFileSync(join(logDir, 'clones', `clone-${CLONE_ID}.out.log`), `starting\npolling with ${CLONE_TOKEN} now\n`);
      const result = await CHECKS['log-redaction'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result.ok).toBe(false);
      expect(result.detail).toContain(`the bot token of clone ${CLONE_ID} at `);
      expect(result.detail).toContain(`clone-${CLONE_ID}.out.log:2`);
      expect(result.detail).not.toContain(CLONE_TOKEN);
    });

    it('fails on MASTER_KEY inside a gzipped rotated file', async () => {
      writeFileSync(join(logDir, 'mother-2029-12-31.log.gz'), gzipSync(`line one\nkey=${TEST_MASTER_KEY}\n`));
      const result = await CHECKS['log-redaction'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result.ok).toBe(false);
      expect(result.detail).toContain('MASTER_KEY at ');
      expect(result.detail).toContain('mother-2029-12-31.log.gz:2');
    });

    it("fails on the database password in the mother's PM2 out log (PM2_HOME/logs), and on any bot token by its shape", async () => {
      const out = join(pm2Home, 'logs', 'motherbot-out.log');
      const snapshot = emptySnapshot(pm2Home);
      snapshot.processes.push({ ...workerProcess(CLONE_ID, config), name: 'motherbot', logFiles: [out] });
      writeFileSync(out, `connecting to mongodb://motherbot:${DB_PASSWORD}@db.internal/\nsome other bot 123456789:${'Z'.repeat(35)}\n`);
      const result = await CHECKS['log-redaction'](testInputs(config, db.connection, { snapshot }));
      expect(result.ok).toBe(false);
      expect(result.detail).toContain('the password in MONGODB_URI at');
      expect(result.detail).toContain('a bot token (<digits>:<35 characters>) at');
      expect(result.detail).toContain('motherbot-out.log:2');
    });

    it('finds a secret split across two read chunks once, on the right line', async () => {
      const file = join(logDir, 'clones', 'big.log');
      const filler = `${'x'.repeat(99)}\n`.repeat(655); // 65,500 bytes: the token straddles the 64 KiB chunk edge
      writeFileSync(file, `${filler}${'y'.repeat(30)}${CLONE_TOKEN}\nafter\n`);
      const result = await CHECKS['log-redaction'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result.ok).toBe(false);
      expect(result.detail.match(/the bot token of clone/g)).toHaveLength(1);
      expect(result.detail).toContain('big.log:656');
    });

    it('cannot vouch for logs when the clone tokens cannot be read', async () => {
      const result = await CHECKS['log-redaction'](testInputs(config, { unreachable: 'ECONNREFUSED' }, { snapshot: emptySnapshot(pm2Home) }));
      expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('clone tokens not searched for') });
    });
  });

  describe('log-rotation', () => {
    const audit = (keepDays: number): void =>
      writeFileSync(join(logDir, '.mother-audit.json'), JSON.stringify({ keep: { days: true, amount: keepDays }, files: [{ name: join(logDir, 'mother-2030-01-01.log') }] }));

    it("passes on the logger's daily files kept by their audit file's retention (log-dir-writable's probe file is no log)", async () => {
      audit(14);
      writeFileSync(join(logDir, '.readiness-123'), 'ok');
      const result = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result.ok).toBe(true);
      expect(result.detail).toContain('mother: 1 daily file(s) in LOG_DIR');
      expect(result.detail).toContain('kept 14 days');
    });

    it('fails when a daily file outlived its retention (nothing deletes old logs)', async () => {
      audit(3);
      const old = join(logDir, 'mother-2020-01-01.log');
      writeFileSync(old, 'old\n');
      const monthAgo = new Date(Date.now() - 30 * 86_400_000);
      utimesSync(old, monthAgo, monthAgo);
      const result = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('outlived the 3-day retention') });
    });

    it("fails on a worker's PM2 out file when pm2-logrotate is not installed in the PM2 home, and names the file", async () => {
      audit(14);
      writeFileSync(join(logDir, 'clones', `clone-${CLONE_ID}.out.log`), 'x\n');
      const result = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result.ok).toBe(false);
      expect(result.detail).toContain(`LOG_DIR/clones/clone-${CLONE_ID}.out.log`);
      expect(result.detail).toContain(`pm2-logrotate is not installed in ${pm2Home}`);
    });

    it('passes with pm2-logrotate installed and running, fails when it is not running or a file outgrew max_size', async () => {
      audit(14);
      emptySnapshot(pm2Home);
      const out = join(pm2Home, 'logs', 'motherbot-out.log');
      writeFileSync(out, 'x'.repeat(4096));
      const rotation = { module: 'pm2-logrotate', installed: true, running: true, settings: { max_size: '10M', retain: '30' } };
      const good = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home, { logRotation: rotation }) }));
      expect(good.ok).toBe(true);
      expect(good.detail).toContain('pm2-logrotate installed in');
      expect(good.detail).toContain('max_size 10M, retain 30');

      const stopped = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home, { logRotation: { ...rotation, running: false } }) }));
      expect(stopped).toMatchObject({ ok: false, detail: expect.stringContaining('its process does not run') });

      const small = { ...rotation, settings: { max_size: '1K', retain: '30' } };
      const outgrown = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home, { logRotation: small }) }));
      expect(outgrown).toMatchObject({ ok: false, detail: expect.stringContaining('not rotated: PM2_HOME/logs/motherbot-out.log') });

      const forever = { ...rotation, settings: { max_size: '10M', retain: 'all' } };
      const kept = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home, { logRotation: forever }) }));
      expect(kept).toMatchObject({ ok: false, detail: expect.stringContaining('keeps every rotated file forever') });
    });

    it('fails when there is no log file at all', async () => {
      rmSync(logDir, { recursive: true, force: true });
      const result = await CHECKS['log-rotation'](testInputs(config, db.connection, { snapshot: emptySnapshot(pm2Home) }));
      expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('no log file at all') });
    });
  });
});

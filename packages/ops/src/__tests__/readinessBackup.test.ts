import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@test-support/database';
import { createBackup, newBackupId, resolveBackupKey, SUMMARY_FILE, type BackupSummary } from '../backup';
import { cloneModel, type AppConfig } from '@motherbot/core';
import { CHECKS } from '../index';
import { testConfig, testInputs } from './readinessFixture';

const CLONE_ID = '0123456789ab';

describe('backup-encrypted opens the newest backup', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: string;
  let config: AppConfig;
  let good: string;

  beforeAll(async () => {
    db = await openTestDatabase('readybak');
    dir = mkdtempSync(join(tmpdir(), 'motherbot-readybak-'));
    config = testConfig(dir, db.dbName);
    await cloneModel(db.connection).create({ _id: CLONE_ID, ownerId: 1, botId: 7, botUsername: 'files_of_ann_bot', source: 'token' });
    const made = await createBackup({ client: db.connection.getClient(), platformDatabase: db.dbName, backupDir: join(dir, 'backups'), key: resolveBackupKey(config) });
    good = made.dir;
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the good backup as a newer one, changed by `alter`; removed after the check. */
  async function checkNewerCopy(alter: (copy: string) => void, checkConfig = config): Promise<{ ok: boolean; detail: string }> {
    const id = newBackupId(new Date(Date.now() + 60_000));
    const copy = join(dir, 'backups', id);
    cpSync(good, copy, { recursive: true });
    const summary = JSON.parse(readFileSync(join(copy, SUMMARY_FILE), 'utf8')) as BackupSummary;
    writeFileSync(join(copy, SUMMARY_FILE), JSON.stringify({ ...summary, id }));
    alter(copy);
    try {
      return await CHECKS['backup-encrypted'](testInputs(checkConfig, db.connection));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  const dataFile = (copy: string): string => join(copy, readdirSync(copy).find((f) => /^\d{4}\.enc$/.test(f)) ?? '');

  it('passes on a real backup: framed, no plaintext, made with this key, manifest and every file authenticated', async () => {
    const result = await CHECKS['backup-encrypted'](testInputs(config, db.connection));
    expect(result.ok).toBe(true);
    expect(result.detail).toContain('every file an AES-256-GCM frame');
    expect(result.detail).toContain('manifest authenticated');
    expect(result.detail).toMatch(/\d+ decrypted and authenticated \(\d+ documents/);
  });

  it('fails on a plaintext backup file', async () => {
    const result = await checkNewerCopy((copy) => writeFileSync(dataFile(copy), `{"_id":"${CLONE_ID}","botUsername":"files_of_ann_bot"}\n`));
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('NOT ENCRYPTED') });
  });

  it('fails on a file that carries the frame but plaintext documents inside', async () => {
    const result = await checkNewerCopy((copy) => writeFileSync(dataFile(copy), Buffer.concat([Buffer.from('MBK1'), Buffer.alloc(12), Buffer.from(`{"_id":"${CLONE_ID}"}\n`)])));
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('PLAINTEXT in the backup');
    expect(result.detail).toContain(`clone id ${CLONE_ID}`);
  });

  it('fails on a file altered after the backup (its SHA-256 no longer matches the authenticated manifest)', async () => {
    const result = await checkNewerCopy((copy) => {
      const file = dataFile(copy);
      const bytes = readFileSync(file);
      bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff;
      writeFileSync(file, bytes);
    });
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining("does not match the manifest's SHA-256") });
  });

  it('fails when the configured key is not the one the backup was made with', async () => {
    const other = testConfig(dir, db.dbName, { BACKUP_KEY: 'AnotherBackupKeyAnotherBackupKey0123456789' });
    const result = await checkNewerCopy(() => undefined, other);
    expect(result).toMatchObject({ ok: false, detail: expect.stringContaining('cannot be restored with it') });
  });

  it('fails on a file the manifest does not list, and when there is no backup', async () => {
    const extra = await checkNewerCopy((copy) => renameSync(dataFile(copy), join(copy, '9999.enc')));
    expect(extra).toMatchObject({ ok: false, detail: expect.stringContaining('the manifest does not list: 9999.enc') });
    const none = await CHECKS['backup-encrypted'](testInputs(config, db.connection, { backupDir: join(dir, 'nowhere') }));
    expect(none).toMatchObject({ ok: false, detail: expect.stringContaining('no backup in') });
  });
});

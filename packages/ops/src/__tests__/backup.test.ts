import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase, cloneDatabaseName, ensurePlatformIndexes, platformModels, deriveCloneKey, sealToken } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import {
  BackupError,
  RestoreTargetNotEmptyError,
  createBackup,
  listBackups,
  listPlatformDatabases,
  locateBackup,
  pruneBackups,
  resolveBackupKey,
  restoreBackup,
  verifyBackup,
  type MongoClient,
} from '../backup';

const MASTER = 'test-master-key-0123456789abcdefghijklmnopqrstuv';
const CLONE_ID = 'a1b2c3d4e5f6';
const TOKEN = '123456789:AAFakeFakeFakeFakeFakeFakeFakeFake123';

/** Drops every database of a platform name (the platform's and its clones'). */
async function dropPlatform(client: MongoClient, name: string): Promise<void> {
  for (const db of await listPlatformDatabases(client, name)) await client.db(db.name).dropDatabase();
}

describe('backup, restore and verify on the real database', () => {
  const platform = uniqueDbName('bk');
  const other = uniqueDbName('bkother');
  const backupDir = mkdtempSync(join(tmpdir(), 'motherbot-backups-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'motherbot-data-'));
  const key = resolveBackupKey({ backupKey: '', masterKey: MASTER, dataDir });
  let connection: Connection;
  let client: MongoClient;

  beforeAll(async () => {
    connection = await connectDatabase(testMongoUri(), { dbName: platform, maxPoolSize: 4 });
    client = connection.getClient();
    const models = platformModels(connection);
    await ensurePlatformIndexes(models);
    await models.User.create({ _id: 42, firstName: 'Owner' } as never);
    await models.Clone.create({ _id: CLONE_ID, ownerId: 42, botId: 123456789, botUsername: 'shop_bot', source: 'token' });
    await models.CloneToken.create({ _id: CLONE_ID, sealed: sealToken(deriveCloneKey(MASTER, CLONE_ID), CLONE_ID, TOKEN) } as never);
    await models.Subscription.create({ _id: CLONE_ID, ownerId: 42, expiresAt: new Date('2030-01-01T00:00:00Z') } as never);

    const cloneDb = connection.useDb(cloneDatabaseName(platform, CLONE_ID), { useCache: false });
    // A clone's own data as the clone bot writes it (collections `settings` and `files`).
    await cloneDb.collection('settings').insertOne({ _id: 'settings' as never, welcomeText: 'Hi {first_name}', protectContent: true, autoDeleteSeconds: 600, forceSubChannels: [{ chatId: -100123, title: 'News', joinUrl: 'https://t.me/news' }], updatedAt: new Date() });
    await cloneDb.collection('files').createIndex({ searchText: 1 });
    await cloneDb.collection('files').createIndex({ fileUniqueId: 1 }, { unique: true });
    const files = Array.from({ length: 1203 }, (_, i) => ({
      _id: `code${i}`,
      kind: 'document',
      fileId: `file-id-${i}`,
      fileUniqueId: `uniq-${i}`,
      fileName: `report-${i}.pdf`,
      searchText: `report-${i}.pdf`,
      size: i % 2 === 0 ? i * 1024 : null,
      createdBy: 42,
      createdAt: new Date(1_700_000_000_000 + i),
    }));
    await cloneDb.collection('files').insertMany(files as never[]);
    // Types that lose themselves in a careless dump: a whole double, a long, binary, an empty collection.
    await cloneDb.collection('odd_types').insertOne({
      _id: 'x' as never,
      whole: new mongoose.mongo.BSON.Double(1),
      long: mongoose.mongo.BSON.Long.fromNumber(2 ** 40),
      bin: new mongoose.mongo.BSON.Binary(Buffer.from([1, 2, 3])),
    });
    await cloneDb.createCollection('empty_one');
  });

  afterAll(async () => {
    await dropPlatform(client, platform).catch(() => undefined);
    await dropPlatform(client, other).catch(() => undefined);
    await connection.close();
    rmSync(backupDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up, wipes, restores and finds everything, a clone’s files and settings included', async () => {
    const made = await createBackup({ client, platformDatabase: platform, backupDir, key });
    expect(made.summary.databases).toBe(2);
    expect(made.manifest.databases.map((d) => d.role)).toEqual(['platform', 'clone']);
    const files = made.manifest.databases[1]?.collections.find((c) => c.name === 'files');
    expect(files?.count).toBe(1203);
    expect(files?.indexes.length).toBeGreaterThan(0);
    // Nothing readable on disk: no names, no tokens, no file ids.
    for (const name of readdirSync(made.dir)) {
      const bytes = readFileSync(join(made.dir, name));
      expect(bytes.includes('shop_bot')).toBe(false);
      expect(bytes.includes('file-id-1')).toBe(false);
    }

    const verified = await verifyBackup({ client, backup: locateBackup(backupDir, made.id), key, scratchPrefix: `${platform}_verify` });
    expect(verified).toMatchObject({ ok: true, problems: [] });
    expect((await listPlatformDatabases(client, `${platform}_verify`)).length).toBe(0);

    await dropPlatform(client, platform);
    expect(await listPlatformDatabases(client, platform)).toEqual([]);

    const restored = await restoreBackup({ client, backup: locateBackup(backupDir, 'latest'), key, targetPlatformDatabase: platform });
    expect(restored.databases.map((d) => d.to)).toEqual([platform, cloneDatabaseName(platform, CLONE_ID)]);

    const models = platformModels(connection);
    expect(await models.Clone.findById(CLONE_ID).lean()).toMatchObject({ botUsername: 'shop_bot', ownerId: 42 });
    const sealed = await models.CloneToken.findById(CLONE_ID).lean();
    expect(sealed?.sealed).toBeDefined();
    const cloneDb = connection.useDb(cloneDatabaseName(platform, CLONE_ID), { useCache: false });
    expect(await cloneDb.collection('settings').findOne({ _id: 'settings' as never })).toMatchObject({
      welcomeText: 'Hi {first_name}',
      protectContent: true,
      autoDeleteSeconds: 600,
      forceSubChannels: [{ chatId: -100123, title: 'News', joinUrl: 'https://t.me/news' }],
    });
    expect(await cloneDb.collection('files').countDocuments()).toBe(1203);
    expect(await cloneDb.collection('files').findOne({ _id: 'code7' as never })).toMatchObject({ fileId: 'file-id-7', size: null });
    const odd = await cloneDb.collection('odd_types').findOne({}, { promoteValues: false });
    expect(odd?.whole).toBeInstanceOf(mongoose.mongo.BSON.Double);
    expect(String(odd?.long)).toBe(String(2 ** 40));
    const names = (await cloneDb.db!.listCollections().toArray()).map((c) => c.name);
    expect(names).toContain('empty_one');
    const fileIndexes = await cloneDb.collection('files').indexes();
    expect(fileIndexes.length).toBe(3);
    expect(fileIndexes.find((i) => i.key.fileUniqueId === 1)?.unique).toBe(true);
    const cloneIndexes = await models.Clone.collection.indexes();
    expect(cloneIndexes.find((i) => i.key.botId === 1)?.unique).toBe(true);
  });

  it('refuses to restore over a non-empty database without force, and replaces it with force', async () => {
    const backup = locateBackup(backupDir, 'latest');
    await expect(restoreBackup({ client, backup, key, targetPlatformDatabase: platform })).rejects.toBeInstanceOf(RestoreTargetNotEmptyError);
    await client.db(platform).collection('users').insertOne({ _id: 999 as never, firstName: 'added after the backup' });
    await restoreBackup({ client, backup, key, targetPlatformDatabase: platform, force: true });
    expect(await client.db(platform).collection('users').countDocuments({ _id: 999 as never })).toBe(0);
  });

  it('restores into another platform name (another deployment), clone databases renamed with it', async () => {
    await restoreBackup({ client, backup: locateBackup(backupDir, 'latest'), key, targetPlatformDatabase: other });
    const dbs = await listPlatformDatabases(client, other);
    expect(dbs.map((d) => d.cloneId ?? 'platform')).toEqual(['platform', CLONE_ID]);
    expect(await client.db(cloneDatabaseName(other, CLONE_ID)).collection('settings').countDocuments()).toBe(1);
  });

  it('checks the manifest first: a wrong key or an altered file is refused before anything is written', async () => {
    const backup = locateBackup(backupDir, 'latest');
    const target = uniqueDbName('bknone');
    const wrongKey = resolveBackupKey({ backupKey: 'another-backup-key-0123456789abcdefghijkl', masterKey: MASTER, dataDir });
    await expect(restoreBackup({ client, backup, key: wrongKey, targetPlatformDatabase: target })).rejects.toThrow(/another key/);

    const file = join(backup.dir, '0002.enc');
    const original = readFileSync(file);
    const altered = Buffer.from(original);
    altered[altered.length - 20] = (altered[altered.length - 20] ?? 0) ^ 0xff;
    writeFileSync(file, altered);
    try {
      await expect(restoreBackup({ client, backup, key, targetPlatformDatabase: target })).rejects.toThrow(BackupError);
      await expect(restoreBackup({ client, backup, key, targetPlatformDatabase: target })).rejects.toThrow(/0002\.enc .* altered/);
      expect(await listPlatformDatabases(client, target)).toEqual([]);
      const verdict = await verifyBackup({ client, backup, key, scratchPrefix: `${platform}_verify` });
      expect(verdict.ok).toBe(false);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('prunes old backups but keeps the newest ones and the newest verified one', async () => {
    const first = locateBackup(backupDir, 'latest');
    await verifyBackup({ client, backup: first, key, scratchPrefix: `${platform}_verify` });
    const later = [];
    for (let i = 0; i < 3; i += 1) later.push(await createBackup({ client, platformDatabase: platform, backupDir, key, now: new Date(Date.now() + (i + 1) * 1000) }));
    const removed = await pruneBackups(backupDir, 2);
    const kept = listBackups(backupDir).map((b) => b.id);
    expect(kept).toEqual([later[2]!.id, later[1]!.id, first.id]);
    expect(removed).toEqual([later[0]!.id]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Schema } from 'mongoose';
import { execFileSync } from 'node:child_process';
import { EmbeddedDatabase, EmbeddedDatabaseState } from '../db/embeddedDatabase';
import { connectDatabase } from '../db/connect';
import { pingMongo } from '../db/ping';
import { StateError, EmbeddedDatabaseError } from '../errors';
import { openTestDatabase } from '@test-support/database';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded database (FerretDB over SQLite)', () => {
  it('round-trips a Mongoose model with a unique index on the run database', async () => {
    const db = await openTestDatabase('unique');
    try {
      const Item = db.connection.model('Item', new Schema({ key: { type: String, required: true, unique: true }, n: Number }));
      await Item.createIndexes();
      await Item.create({ key: 'a', n: 1 });
      await expect(Item.create({ key: 'a', n: 2 })).rejects.toMatchObject({ code: 11000 });
      const found = await Item.findOne({ key: 'a' }).lean();
      expect(found?.n).toBe(1);
      const indexes = await Item.collection.indexes();
      expect(indexes.some((i) => i.unique && i.key.key === 1)).toBe(true);
    } finally {
      await db.drop();
    }
  });

  it('keeps data across a restart, rejects wrong calls, and stops without an orphan', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'embedded-db-'));
    const first = new EmbeddedDatabase({ dataDir });
    expect(() => first.uri).toThrow(StateError);
    const uri = await first.start();
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(first.start()).rejects.toBeInstanceOf(StateError);
    const conn = await connectDatabase(uri, { dbName: 'persist', maxPoolSize: 2 });
    await conn.collection('things').insertOne({ kept: true });
    await conn.close();
    const pid = first.pid!;
    await first.stop();
    expect(first.state).toBe(EmbeddedDatabaseState.Stopped);
    const ferret = execFileSync('ps', ['-eo', 'args']).toString();
    expect(ferret).not.toContain(`--sqlite-url=file:${dataDir}/`);
    expect(isAlive(pid)).toBe(false);

    const second = new EmbeddedDatabase({ dataDir });
    const uri2 = await second.start();
    const conn2 = await connectDatabase(uri2, { dbName: 'persist', maxPoolSize: 2 });
    expect(await conn2.collection('things').countDocuments({ kept: true })).toBe(1);
    await conn2.close();
    await second.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('kills FerretDB when its owning process is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'embedded-orphan-'));
    const script = `
      require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
      const { EmbeddedDatabase } = require(${JSON.stringify(join(__dirname, '../db/embeddedDatabase.ts'))});
      new EmbeddedDatabase({ dataDir: ${JSON.stringify(dataDir)} }).start().then((uri) => console.log(uri));
    `;
    const { spawn } = await import('node:child_process');
    const owner = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const uri = await new Promise<string>((resolve, reject) => {
      owner.stdout.setEncoding('utf8').on('data', (d: string) => resolve(d.trim()));
      owner.once('exit', (code) => reject(new Error(`owner exited ${code}`)));
    });
    expect(await pingMongo(uri)).toBeGreaterThanOrEqual(0);
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    let gone = false;
    for (let i = 0; i < 50 && !gone; i += 1) {
      gone = !execFileSync('ps', ['-eo', 'args']).toString().includes(`--sqlite-url=file:${dataDir}/`);
      if (!gone) await new Promise((r) => setTimeout(r, 100));
    }
    expect(gone).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports a missing binary with the command that builds it', async () => {
    const db = new EmbeddedDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'nobin-')), binaryPath: '/nonexistent/ferretdb' });
    await expect(db.start()).rejects.toBeInstanceOf(EmbeddedDatabaseError);
    expect(db.state).toBe(EmbeddedDatabaseState.Stopped);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { openTestDatabase } from '@test-support/database';
import { EventLoopLagMonitor, overallStatus, probeCpuLoad, probeDatabase, probeDisk, probeMemory, probePm2, withTimeout } from '../health/probes';

describe('health probes', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const dir = mkdtempSync(join(tmpdir(), 'probes-'));
  beforeAll(async () => {
    db = await openTestDatabase('probes');
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pings the database on the given connection, and fails on a closed one', async () => {
    const ok = await probeDatabase(db.connection, { slowMs: 60_000 });
    expect(ok).toMatchObject({ name: 'database', status: 'ok', unit: 'ms' });
    expect(ok.value).toBeGreaterThanOrEqual(0);
    const slow = await probeDatabase(db.connection, { slowMs: -1 });
    expect(slow.status).toBe('warn');

    const other = mongoose.createConnection('mongodb://127.0.0.1:1/', { serverSelectionTimeoutMS: 200 });
    other.on('error', () => undefined);
    await other.asPromise().catch(() => undefined);
    expect(await probeDatabase(other)).toMatchObject({ name: 'database', status: 'fail', message: 'not connected' });
    await other.close();
  });

  it('measures free disk under a directory that does not exist yet (its nearest ancestor)', async () => {
    const check = await probeDisk('data', join(dir, 'not', 'yet', 'there'), 0);
    expect(check).toMatchObject({ name: 'disk:data', status: 'ok', unit: 'bytes' });
    expect(check.value).toBeGreaterThan(0);
    expect((await probeDisk('data', dir, 1.01)).status).toBe('fail');
  });

  it('judges memory and CPU load against their limits', () => {
    expect(probeMemory(0.9, { free: 50, total: 100 }).status).toBe('ok');
    expect(probeMemory(0.9, { free: 5, total: 100 })).toMatchObject({ status: 'warn', value: 0.95 });
    expect(probeCpuLoad(1.5, { load1: 2, cpus: 2 }).status).toBe('ok');
    expect(probeCpuLoad(1.5, { load1: 8, cpus: 2 })).toMatchObject({ status: 'warn', value: 4 });
  });

  it('reaches PM2 through the injected function: ok when it resolves, fail when it rejects or hangs', async () => {
    expect((await probePm2(async () => []))).toMatchObject({ name: 'pm2', status: 'ok' });
    expect(await probePm2(async () => Promise.reject(new Error('connect ENOENT rpc.sock')))).toMatchObject({ status: 'fail', message: 'connect ENOENT rpc.sock' });
    const hang = await probePm2(() => new Promise(() => undefined), 50);
    expect(hang).toMatchObject({ status: 'fail', message: 'PM2 timed out after 50 ms' });
  });

  it('reports event-loop lag and resets its window', async () => {
    const monitor = new EventLoopLagMonitor(10_000).start();
    const until = Date.now() + 60;
    while (Date.now() < until) {
      // keep the loop busy so the histogram has something to say
    }
    await new Promise((r) => setTimeout(r, 30));
    const check = monitor.probe();
    monitor.stop();
    expect(check).toMatchObject({ name: 'eventLoop', status: 'ok', unit: 'ms' });
    expect(check.value).toBeGreaterThan(0);
  });

  it('sums up statuses and bounds slow work', async () => {
    expect(overallStatus([{ name: 'a', status: 'ok', message: '' }, { name: 'b', status: 'warn', message: '' }])).toBe('warn');
    expect(overallStatus([{ name: 'a', status: 'fail', message: '' }, { name: 'b', status: 'warn', message: '' }])).toBe('fail');
    await expect(withTimeout(new Promise(() => undefined), 10, 'thing')).rejects.toThrow('thing timed out after 10 ms');
  });
});
